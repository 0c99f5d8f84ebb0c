"""One vocabulary for the words users type: French (and English) names of keys, sections and values.

The XLSX/CSV template writes its headers and drop-down labels from this table, the loader maps
the same words back to the inventory's ids (``canonical_header``, ``section_of``,
``choice_aliases``), and ``docs/inventory.md`` is generated from it, so that the three cannot
drift apart. Matching is tolerant of case, accents, spaces, hyphens, underscores and curly
apostrophes (``Année d’achat`` = ``annee_d'achat`` = ``année d'achat``).

Each field has its French header (the template's), other accepted names, its default, what it
holds and where a DSI finds it (in French for the template, in English for the docs); the unit of
a bare number comes from the model (``unit_text``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .text import normalise_name


@dataclass(frozen=True)
class Field:
    key: str
    header_fr: str  # the template's French header
    aliases: tuple  # other accepted headers (any case, with or without accents)
    default_fr: str
    default_en: str
    what_fr: str
    what_en: str
    where_fr: str = ""  # where to find it: GLPI field, invoice, power meter…
    where_en: str = ""


FIELDS = (
    Field("category", "catégorie", ("categorie", "type de matériel", "type d'équipement"), "obligatoire", "required",
          "Type d'équipement ou de service : choisir dans la liste déroulante (ou un nom français : "
          "portable, écran, PC fixe, copieur, serveur…).",
          "Kind of equipment or service: a category id or one of its French names (portable, écran, "
          "PC fixe, copieur, serveur…); `sobriete factors list` lists them.",
          "GLPI : type et modèle de l'équipement ; factures.", "GLPI: the item's type and model; invoices."),
    Field("quantity", "quantité", ("quantite", "qté", "qte", "nombre", "nb"), "1", "1",
          "Nombre d'unités identiques de la ligne.", "Number of identical units on the line.",
          "Inventaire GLPI (une ligne par actif, ou le nombre d'actifs du même modèle).",
          "GLPI inventory (one row per asset, or the count of assets of one model)."),
    Field("lifespan", "durée de vie", ("duree de vie", "durée d'usage", "duree d'usage"),
          "celle de la catégorie", "the category's",
          "Durée pendant laquelle le matériel reste en service, avec son unité : 5 ans, 60 mois.",
          "How long the equipment stays in service, with its unit: `5 years`, `60 months`, `5 ans`.",
          "Politique de renouvellement de la DSI ; dates d'achat et de sortie dans GLPI.",
          "The IT department's renewal policy; purchase and retirement dates in GLPI."),
    Field("purchase_year", "année d'achat", ("annee d'achat", "année d’achat", "année de mise en service"),
          "aucune (parc en régime permanent)", "none (a steady fleet)",
          "Année d'achat, ex. 2021 : une ligne dont la durée de vie est écoulée ne compte plus sa fabrication.",
          "Year of purchase, e.g. 2021: a line past its lifespan no longer counts its manufacturing.",
          "GLPI : onglet Gestion, « Date d'achat » ; factures d'investissement.",
          "GLPI: Management tab, *Date d'achat*; investment invoices."),
    Field("refurbished", "reconditionné", ("reconditionne", "reconditionnée", "reconditionnee"), "non",
          "false", "oui / non : matériel reconditionné (acheté d'occasion).",
          "true/false (oui/non, yes/no): refurbished equipment.",
          "Bons de commande (marché de matériel reconditionné).",
          "Purchase orders (refurbished equipment contract)."),
    Field("ownership", "détention", ("detention", "mode de détention", "mode de detention", "propriété ou location"),
          "propriété", "owned",
          "propriété (acheté), location (loué ou en crédit-bail) ou service (petit matériel payé en "
          "fonctionnement) : range la fabrication au poste BEGES 4.2, 4.4 ou 4.1.",
          "owned (propriété), leased (location, loué) or expensed (service): books manufacturing in "
          "BEGES poste 4.2, 4.4 or 4.1.",
          "Comptabilité : compte 2183 (investissement) ou 6135 (locations mobilières).",
          "Accounts: 2183 (investment) or 6135 (rentals)."),
    Field("share", "part", ("quote-part", "quote part", "part de la collectivité", "part collectivite"),
          "100 %", "100%", "Part de la ligne qui revient à la collectivité (ex. 50 % pour un matériel mutualisé).",
          "Share of the line that belongs to the organisation (e.g. 50% for shared equipment).",
          "Convention de mutualisation (EPCI, syndicat).", "The sharing agreement (EPCI, syndicate)."),
    Field("electricity", "électricité", ("electricite", "consommation électrique", "consommation electrique",
                                         "consommation"), "celle de la catégorie", "the category's",
          "Consommation électrique par unité et par an : 1800 kWh/an.",
          "Electricity per unit and per year: `1800 kWh/year`, `1800 kWh/an`.",
          "Wattmètre ou compteur de la salle serveur ; fiche technique du constructeur.",
          "A power meter or the server room's meter; the manufacturer's datasheet."),
    Field("embodied", "fabrication", ("empreinte de fabrication", "carbone de fabrication"),
          "celle de la catégorie", "the category's",
          "Empreinte de fabrication par unité, si vous la connaissez : 250 kgCO2e.",
          "Manufacturing footprint per unit, when known: `250 kgCO2e`.",
          "Fiche PCF (Product Carbon Footprint) du constructeur.", "The manufacturer's PCF sheet."),
    Field("pue", "pue", ("indicateur pue",), "datacenter.pue", "datacenter.pue",
          "Efficacité énergétique de la salle serveur (≥ 1), ex. 1,8.",
          "Power usage effectiveness of the server room (≥ 1), e.g. 1.8.",
          "Compteurs de la salle serveur (énergie totale / énergie informatique) ; contrat d'hébergement.",
          "Server-room meters (total energy / IT energy); the hosting contract."),
    Field("country", "pays", ("pays d'utilisation",), "celui de la collectivité", "the organisation's",
          "Pays d'utilisation, code ISO à deux lettres : FR, DE, BE…",
          "Country of use, ISO 3166-1 alpha-2: FR, DE, BE…",
          "Localisation du centre de données (contrat).", "The data centre's location (contract)."),
    Field("service", "service", ("direction", "pôle", "pole"), "aucun", "none",
          "Service ou direction utilisatrice (pour les ventilations).", "Department using it (for breakdowns).",
          "GLPI : entité ou groupe.", "GLPI: entity or group."),
    Field("site", "site", ("bâtiment", "batiment", "lieu"), "aucun", "none",
          "Bâtiment ou site.", "Building or site.", "GLPI : lieu.", "GLPI: location."),
    Field("model", "modèle", ("modele",), "aucun", "none", "Modèle (texte libre).", "Model (free text).",
          "GLPI : modèle.", "GLPI: model."),
    Field("name", "nom", ("libellé", "libelle", "désignation", "designation"), "aucun", "none",
          "Nom de la ligne ou de l'actif (repris dans les résultats).",
          "Name of the line or asset (kept in outputs).",
          "GLPI : nom.", "GLPI: name."),
    Field("provider", "fournisseur", ("hébergeur", "hebergeur", "prestataire"), "générique", "generic",
          "Fournisseur cloud (ovhcloud, scaleway, aws…) ; un autre nom prend les coefficients génériques.",
          "Cloud provider (ovhcloud, scaleway, aws…); any other name uses the generic coefficients.",
          "Contrat ou facture cloud.", "The cloud contract or invoice."),
    Field("vcpu", "vcpu", ("nombre de vcpu", "cœurs virtuels", "coeurs virtuels"), "aucun", "none",
          "Nombre de vCPU d'une machine virtuelle cloud.", "Number of vCPU of a cloud VM.",
          "Console ou facture du fournisseur cloud.", "The cloud provider's console or invoice."),
    Field("hours", "heures", ("heures par an", "durée d'utilisation"), "aucune", "none",
          "Heures d'utilisation par unité et par an (8760 = toute l'année).",
          "Hours of use per unit and per year (8760 = all year).",
          "Facture cloud (heures d'instance) ; outil de visioconférence (heures-participants).",
          "Cloud invoice (instance hours); video-conference tool (participant-hours)."),
    Field("storage", "stockage", ("volume stocké", "volume stocke"), "aucun", "none",
          "Volume stocké en moyenne sur l'année (stockage cloud) : 2 To.",
          "Volume stored over the year (cloud storage): `2 TB`, `2 To`.",
          "Facture ou console du fournisseur cloud.", "The cloud provider's invoice or console."),
    Field("spend", "dépense", ("depense", "dépense annuelle", "depense annuelle", "montant annuel", "coût annuel",
                               "cout annuel"), "aucune", "none",
          "Dépense annuelle HT pour un service sans données physiques : 12 000 €/an.",
          "Yearly spend (excl. VAT) for a service without physical data: `12000 EUR/year`, `12 000 €/an`.",
          "Factures de l'éditeur ou de l'opérateur ; compte 6262 (télécommunications).",
          "The vendor's or operator's invoices; account 6262 (telecoms)."),
    Field("page_views", "pages vues", ("pages vues par an", "nombre de pages vues"), "aucune", "none",
          "Pages vues par an (site internet).", "Page views per year (website).",
          "Outil de mesure d'audience (Matomo…).", "The analytics tool (Matomo…)."),
    Field("page_weight", "poids de page", ("poids moyen de page", "poids des pages"), "aucun", "none",
          "Poids moyen transféré par page vue : 2,1 Mo.", "Average weight transferred per page view: `2.1 MB`.",
          "Outils du navigateur (onglet Réseau) ou GreenIT-Analysis.",
          "Browser tools (Network tab) or GreenIT-Analysis."),
    Field("data_transfer", "données transférées", ("donnees transferees", "volume transféré", "volume transfere"),
          "aucun", "none", "Volume de données transféré par an (service en ligne) : 350 Go/an.",
          "Data transferred per year (online service): `350 GB/year`, `350 Go/an`.",
          "Statistiques de l'hébergeur.", "The host's statistics."),
    Field("ecoindex", "ecoindex", ("score ecoindex",), "aucun", "none",
          "Score EcoIndex déjà mesuré (0 à 100).", "An EcoIndex score already measured (0 to 100).",
          "ecoindex.fr.", "ecoindex.fr."),
    Field("ecoindex.dom", "ecoindex.dom", ("ecoindex éléments dom", "ecoindex elements dom"), "aucun", "none",
          "Nombre d'éléments du DOM de la page (méthode EcoIndex).", "Number of DOM elements of the page (EcoIndex).",
          "ecoindex.fr ou GreenIT-Analysis.", "ecoindex.fr or GreenIT-Analysis."),
    Field("ecoindex.requests", "ecoindex.requêtes", ("ecoindex.requetes", "ecoindex requêtes"), "aucun",
          "none", "Nombre de requêtes HTTP de la page (méthode EcoIndex).",
          "Number of HTTP requests of the page (EcoIndex).", "ecoindex.fr ou GreenIT-Analysis.",
          "ecoindex.fr or GreenIT-Analysis."),
    Field("ecoindex.size", "ecoindex.taille", ("ecoindex taille",), "aucune", "none",
          "Taille transférée de la page (méthode EcoIndex) : 1900 Kio.",
          "Transferred size of the page (EcoIndex): `1900 KiB`.", "ecoindex.fr ou GreenIT-Analysis.",
          "ecoindex.fr or GreenIT-Analysis."),
    Field("uncertainty", "incertitude", ("incertitude relative",), "0 (valeur donnée)", "0 (a given value)",
          "Incertitude relative des valeurs données sur la ligne (0,2 = ±20 %).",
          "Relative uncertainty of the values given on the line (0.2 = ±20%).", "", ""),
    Field("notes", "notes", ("commentaire", "commentaires", "remarque", "remarques", "observations"),
          "aucune", "none", "Texte libre, ignoré par le calcul.", "Free text, not used by the calculation.", "", ""),
    Field("covers", "couvre", ("inclut", "comprend"), "aucun", "none",
          "Lignes de dépense : catégories déjà payées par cette dépense (ex. messagerie, visioconférence).",
          "Spend lines: categories this spend already pays for (e.g. email, video_conference).",
          "Contrat de l'éditeur (ce que l'abonnement comprend).", "The vendor's contract (what it includes)."),
    Field("unit_price", "prix unitaire", ("prix unitaire ht", "prix ht"), "obligatoire (achats)",
          "required (purchases)", "Achats : prix unitaire hors taxes, ex. 950 €.",
          "Purchases: unit price excluding VAT, e.g. `950 EUR`.", "Factures, bons de commande.",
          "Invoices, purchase orders."),
    Field("origin", "origine", ("provenance",), "neuf", "new",
          "Achats : neuf, réemploi (réutilisation, reconditionné) ou recyclé (neuf intégrant des matières "
          "recyclées) — loi AGEC art. 58.",
          "Purchases: new, reuse (réemploi, refurbished included) or recycled (new, with recycled materials).",
          "Bons de commande.", "Purchase orders."),
    Field("destination", "destination", ("devenir", "filière", "filiere"), "obligatoire (sorties)",
          "required (retired)",
          "Matériel sorti : réemploi, don, recyclage ou DEEE.",
          "Retired equipment: reuse (réemploi), donation (don), recycling (recyclage) or weee (DEEE).",
          "Bordereaux de cession, conventions de don, bordereaux DEEE.",
          "Transfer slips, donation agreements, WEEE slips."),
)
FIELD_OF = {f.key: f for f in FIELDS}

# Headers of the organisation table (key/value rows) and of a bare table's `section` column.
TABLE_HEADERS = {"key": ("clé", "cle", "champ", "information"), "value": ("valeur",),
                 "section": ("rubrique", "onglet")}

# The organisation's keys, as written on the template's organisation sheet.
ORGANISATION_KEYS = {
    "year": ("année", "annee", "année du bilan", "annee du bilan", "exercice"),
    "name": ("nom", "nom de la collectivité", "collectivité", "collectivite"),
    "kind": ("type", "nature", "type de collectivité"),
    "population": ("habitants", "nombre d'habitants"),
    "agents": ("etp", "effectif", "nombre d'agents"),
    "country": ("pays",),
}
ORGANISATION_HEADERS_FR = {"year": "année", "name": "nom", "kind": "type", "population": "population",
                           "agents": "agents", "country": "pays"}

# Section names: the template's French sheet names, then other accepted names.
SECTION_NAMES = {
    "organisation": ("organisation", "collectivité", "collectivite"),
    "devices": ("équipements", "equipements", "équipement", "equipement"),
    "hosting": ("hébergement", "hebergement", "serveurs", "infrastructure"),
    "services": ("services", "services en ligne"),
    "purchases": ("achats",),
    "retired": ("sorties", "sorties de parc", "matériel sorti", "materiel sorti"),
}

# Values of the closed lists: id → (the template's French label, other accepted words).
CHOICES = {
    "ownership": {
        "owned": ("propriété", ("propriete", "achat", "acheté", "achete", "investissement")),
        "leased": ("location", ("loué", "loue", "leasing", "crédit-bail", "credit bail")),
        "expensed": ("service", ("fonctionnement", "charge", "en charge")),
    },
    "destination": {
        "reuse": ("réemploi", ("reemploi", "réutilisation", "reutilisation", "reconditionnement")),
        "donation": ("don", ("dons", "donné", "donne", "cession gratuite")),
        "recycling": ("recyclage", ("recyclé", "recycle")),
        "weee": ("DEEE", ("d3e", "déchet", "dechet")),
    },
    "origin": {
        "new": ("neuf", ("neuve",)),
        "reuse": ("réemploi", ("reemploi", "réutilisation", "reutilisation", "reconditionné", "reconditionne",
                               "refurbished", "occasion")),
        "recycled": ("recyclé", ("recycle", "recyclée", "recyclee", "matières recyclées")),
    },
    "kind": {
        "commune": ("commune", ()),
        "epci": ("EPCI", ("intercommunalité", "intercommunalite", "communauté de communes",
                          "communauté d'agglomération", "métropole", "metropole")),
        "departement": ("département", ()),
        "region": ("région", ()),
        "other": ("autre", ()),
    },
}
BOOLEAN_LABELS_FR = ("oui", "non")

# The exact text of the template's example rows (column `notes`): a line still carrying it is refused.
EXAMPLE_MARKER = "EXEMPLE : remplacez ou supprimez cette ligne"


# The unit of a bare number, for keys whose model kind does not say it in words.
_UNIT_WORDS = {"quantity": ("count", "nombre"), "share": ("fraction (or %)", "fraction (ou %)"),
               "purchase_year": ("year (an integer)", "année (entier)"), "pue": ("ratio ≥ 1", "ratio ≥ 1"),
               "uncertainty": ("fraction", "fraction"), "ecoindex": ("score 0–100", "score de 0 à 100"),
               "ecoindex.dom": ("count", "nombre"), "ecoindex.requests": ("count", "nombre")}
_UNITS_FR = {"year": "ans", "kWh/year": "kWh/an", "hour/year": "h/an", "EUR/year": "€/an", "1/year": "par an",
             "GB/year": "Go/an", "MB": "Mo", "TB": "To", "KiB": "Kio", "EUR": "€", "vcpu": "vCPU"}


def unit_text(key: str, lang: str = "en") -> str:
    """The unit a bare number of `key` takes (from model.KINDS), in words: `kWh/year`, `kWh/an`."""
    from . import model

    if key in _UNIT_WORDS:
        return _UNIT_WORDS[key][lang == "fr"]
    kind = model.KINDS.get(key)
    unit = kind.default_unit if kind is not None else ""
    return _UNITS_FR.get(unit, unit) if lang == "fr" else unit


def _key(text) -> str:
    return normalise_name(str(text).replace("\u2019", "'").replace("\u00a0", " "))


def _index(pairs) -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, names in pairs:
        for name in (canonical, *names):
            index.setdefault(_key(name), canonical)
    return index


_HEADERS = _index([(f.key, (f.header_fr, *f.aliases)) for f in FIELDS] + list(TABLE_HEADERS.items()))
_ORGANISATION = _index(list(ORGANISATION_KEYS.items()))
_SECTIONS = _index(list(SECTION_NAMES.items()))
_CHOICES = {name: _index([(id_, (label, *aliases)) for id_, (label, aliases) in values.items()])
            for name, values in CHOICES.items()}


def canonical_header(name) -> str:
    """The inventory key a column header names (``Quantité`` → ``quantity``), else the header
    lower-cased and stripped (an unknown column keeps its own name)."""
    text = str(name).replace("\ufeff", "").strip()
    return _HEADERS.get(_key(text), text.lower())


def organisation_key(name) -> str:
    """The organisation key a row names (``Année`` → ``year``), else the name stripped."""
    text = str(name).strip()
    return _ORGANISATION.get(_key(text), text)


def section_of(name) -> str | None:
    """The section a sheet, file or `section` value names (``Équipements`` → ``devices``), else None."""
    return _SECTIONS.get(_key(name))


def choice_of(list_name: str, value) -> str | None:
    """The id a value of a closed list names (``loué`` → ``leased``, ``DEEE`` → ``weee``), else None."""
    return _CHOICES[list_name].get(_key(value))


def choice_label(list_name: str, id_: str) -> str:
    """The template's French label of an id (``leased`` → ``location``)."""
    return CHOICES[list_name][id_][0]


def header_names(key: str) -> tuple[str, ...]:
    """Every header accepted for a key: the key, its French header, its aliases."""
    field = FIELD_OF[key]
    return (field.key, field.header_fr, *field.aliases)


def is_header_typo(name: str, keys, cutoff: float = 0.8) -> str | None:
    """The key an unknown header looks like a typo of (``lifspan`` → ``lifespan``), else None.

    Compared with every accepted name of the keys (English and French); the cutoff is high so
    that a column of the user's own (``prix``, ``date d'achat``) is not taken for a typo.
    """
    import difflib

    names = {}
    for key in keys:
        for accepted in header_names(key) if key in FIELD_OF else (key,):
            names.setdefault(_key(accepted), key)
    match = difflib.get_close_matches(_key(name), list(names), n=1, cutoff=cutoff)
    return names[match[0]] if match else None
