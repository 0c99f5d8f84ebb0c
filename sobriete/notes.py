"""Calculation notes as structured objects: a code, its parameters, the lines concerned.

A :class:`Note` *is* its English sentence (a ``str``: JSON outputs, logs and tests read it as
text), and it knows its ``code`` and ``params`` so that documents render it in any language from
one table (``TEXTS``), never by pattern-matching English text. Adding a note is one entry here.
"""

from __future__ import annotations

# code → (English template, French template). Parameters are named; numbers are formatted for
# the language when rendered (a float 1.75 reads 1,75 in French).
TEXTS = {
    # footprint engine
    "refurbished_as_new": (
        "{count} refurbished line(s) whose category has no refurbished figure counted as new",
        "{count} ligne(s) de matériel reconditionné dont la catégorie n'a pas de valeur reconditionnée : "
        "comptées comme neuves"),
    "past_lifespan": (
        "{count} equipment line(s) past their lifespan (purchase year + lifespan ≤ {year}) count no "
        "embodied emissions, only use",
        "{count} ligne(s) d'équipement dont la durée de vie est écoulée (année d'achat + durée de vie ≤ {year}) "
        "ne comptent plus leur fabrication, seulement leur usage"),
    "acquisition_without_purchase_year": (
        "method acquisition: {count} equipment line(s) without a purchase year count no embodied emissions",
        "méthode « acquisition » : {count} ligne(s) d'équipement sans année d'achat ne comptent pas de fabrication"),
    "default_pue": (
        "{count} hosting line(s) without a PUE use the default datacenter.pue = {value:g}",
        "{count} ligne(s) d'hébergement sans PUE utilisent la valeur par défaut datacenter.pue = {value:g}"),
    "criterion_not_given": (
        "no factor used gives {criteria}: its column is empty",
        "aucun facteur utilisé ne fournit {criteria} : sa colonne est vide"),
    "category_default": (
        "{count} of {total} equipment line(s) use the category's default {key}",
        "{count} ligne(s) d'équipement sur {total} utilisent la valeur par défaut de la catégorie pour : {key}"),
    "spend_fallback": (
        "{count} spend line(s) whose category has no spend factor use spend.it_services",
        "{count} ligne(s) de dépense sans ratio monétaire propre utilisent spend.it_services"),
    "network_without_data": (
        "{count} online service line(s) without page views × page weight (or an EcoIndex measure of the size) "
        "or data transfer count 0",
        "{count} ligne(s) de service en ligne sans pages vues × poids de page (ou mesure EcoIndex de la taille) "
        "ni volume transféré comptent 0"),
    "ecoindex_reported": (
        "{count} website line(s) have an EcoIndex: their score and grade are reported; the footprint counts "
        "their network transfer (measured size × page views), like every website, not EcoIndex's gCO2e per page "
        "view, which also covers terminals and servers",
        "{count} site(s) internet ont un EcoIndex : score et note sont indiqués ; l'empreinte compte leur "
        "transfert réseau (taille mesurée × pages vues), comme pour tout site, et non les gCO₂e par page vue "
        "d'EcoIndex, qui couvrent aussi terminaux et serveurs"),
    "cloud_generic_provider": (
        "cloud provider(s) {providers} have no specific coefficients: generic ones used",
        "fournisseur(s) cloud {providers} sans coefficients propres : coefficients génériques utilisés"),
    "cloud_without_provider": (
        "cloud line(s) without a provider use the generic coefficients",
        "lignes cloud sans fournisseur : coefficients génériques utilisés"),
    "cloud_storage_without_storage": (
        "{count} cloud_storage line(s) without storage count 0",
        "{count} ligne(s) de stockage cloud sans volume comptent 0"),
    "activity_without_hours": (
        "{count} per-hour activity line(s) without hours count 0",
        "{count} ligne(s) d'activité horaire sans nombre d'heures comptent 0"),
    "without_spend_or_electricity": (
        "{count} {categories} line(s) without spend or electricity count 0",
        "{count} ligne(s) {categories} sans dépense ni électricité comptent 0"),
    "factor_of_another_year": (
        "no {year} value for {count} factor(s): the nearest year's is used: {factors}",
        "pas de valeur {year} pour {count} facteur(s) : celle de l'année la plus proche est utilisée : {factors}"),
    "money_converted": (
        "spend ratios converted from the euros of {years} to euros of {year} with {index} ({source}){beyond}",
        "ratios monétaires convertis des euros de {years} en euros de {year} avec l'indice {index} ({source}){beyond}"),
    "money_index_ends": (
        "; the index stops in {last}: {last} prices used for {year}",
        " ; l'indice s'arrête en {last} : prix de {last} utilisés pour {year}"),
    "few_draws": (
        "only {draws} Monte Carlo draw(s): the interval is the range of the draws and the central total, not a "
        "95 % interval (use at least {minimum} draws)",
        "seulement {draws} tirage(s) Monte-Carlo : l'intervalle est l'étendue des tirages et de la valeur "
        "centrale, pas un intervalle à 95 % (au moins {minimum} tirages)"),
    # factor files and inventories
    "factor_without_uncertainty": (
        "{file}: {entry}: no uncertainty given, counted as 0",
        "{file} : {entry} : aucune incertitude indiquée, comptée comme nulle"),
    "read_as_cp1252": (
        "{file}: read as cp1252 (Windows) because it is not valid UTF-8",
        "{file} : lu en cp1252 (Windows) car ce n'est pas de l'UTF-8 valide"),
    "possible_double_count": (
        "{where}: possible double count: this spend line's name mentions {category} and {other} lists {category} "
        "too; if the spend pays for it, add covers: [{category}] to the spend line and remove the other line",
        "{where} : double compte possible : le nom de cette ligne de dépense mentionne {category} et {other} "
        "compte aussi {category} ; si la dépense le paie, ajouter covers: [{category}] à la ligne de dépense et "
        "retirer l'autre ligne"),
    # scenario
    "over_budget": (
        "the listed actions cost {cost:,.0f} EUR, above the budget of {budget:,.0f} EUR",
        "les actions retenues coûtent {cost:,.0f} €, au-delà du budget de {budget:,.0f} €"),
    "infeasible_in_budget": (
        "no set of actions within the budget meets every objective: the plan shown leaves the smallest total gap "
        "(Σ gap / target)",
        "aucun ensemble d'actions dans le budget n'atteint tous les objectifs : le plan présenté laisse l'écart "
        "total le plus faible (Σ écart / cible)"),
    "confidence_not_reached": (
        "no set of actions within the budget meets every objective together in {confidence:.0%} of the draws: "
        "the plan shown leaves the smallest total gap on central values",
        "aucun ensemble d'actions dans le budget n'atteint tous les objectifs ensemble dans {confidence:.0%} des "
        "tirages : le plan présenté laisse l'écart total le plus faible sur les valeurs centrales"),
    "conflicting_kpi_targets": (
        "actions {first} and {second} follow the same indicator ({kpi}) with different targets for {year}: "
        "{first_target} and {second_target}",
        "les actions {first} et {second} suivent le même indicateur ({kpi}) avec des cibles différentes pour "
        "{year} : {first_target} et {second_target}"),
    "infeasible": (
        "no set of the candidate actions meets every objective: the plan shown leaves the smallest total gap "
        "(Σ gap / target)",
        "aucun ensemble d'actions candidates n'atteint tous les objectifs : le plan présenté laisse l'écart total "
        "le plus faible (Σ écart / cible)"),
}

# Words that parameters carry and that French renders differently.
WORDS_FR = {"embodied": "fabrication", "lifespan": "durée de vie", "electricity": "électricité"}


class Note(str):
    """A calculation note: its English sentence, plus ``code``, ``params`` and ``lines``."""

    code: str
    params: dict
    lines: tuple

    def __new__(cls, code: str, lines=(), **params):
        note = super().__new__(cls, TEXTS[code][0].format(**params))
        note.code, note.params, note.lines = code, params, tuple(lines)
        return note

    def __reduce__(self):  # copies and pickles keep the structure
        return (_rebuild, (self.code, self.lines, self.params))

    def render(self, lang: str = "en") -> str:
        """The sentence in `lang` (``fr`` or ``en``)."""
        if lang != "fr":
            return str(self)
        params = {key: _french(value) for key, value in self.params.items()}
        return TEXTS[self.code][1].format(**params)


def _rebuild(code, lines, params):
    return Note(code, lines, **params)


def _french(value):
    if isinstance(value, Note):
        return value.render("fr")
    if isinstance(value, str):
        return WORDS_FR.get(value, value)
    if isinstance(value, float) and not isinstance(value, bool):
        return _FrenchFloat(value)
    return value


class _FrenchFloat(float):
    """A float that formats with a decimal comma (``{value:g}`` → ``1,75``)."""

    def __format__(self, spec: str) -> str:
        text = float.__format__(self, spec)  # grouping ',' → narrow no-break space, '.' → ','
        return text.replace(",", "\u202f").replace(".", ",")


def render_note(note, lang: str) -> str:
    """Any note in `lang`: structured notes are rendered, plain strings are returned unchanged."""
    return note.render(lang) if isinstance(note, Note) else str(note)
