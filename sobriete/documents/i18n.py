"""User-facing strings of the documents, in French (default) and English, and number/date formats.

Both languages must define exactly the same keys (a test checks it), and templates use
StrictUndefined, so a missing translation is an error, never a blank.
"""

from __future__ import annotations

import datetime as _dt

STRINGS = {
    "fr": {
        "report_title": "Bilan carbone du numérique {year}",
        "roadmap_title": "Feuille de route numérique responsable {start}–{end}",
        "generated": "Document produit par sobriete {version} le {date}, base de facteurs {factors}.",
        "summary": "Synthèse",
        "total": "Empreinte totale",
        "interval": "Intervalle de confiance à 95 %",
        "per_agent": "Par agent",
        "per_inhabitant": "Par habitant",
        "unit_year": "kgCO₂e/an",
        "unit_t_year": "tCO₂e/an",
        "method": "Méthode",
        "method_amortized": "fabrication amortie sur la durée de vie",
        "method_acquisition": "fabrication comptée l'année d'achat",
        "breakdowns": "Répartition",
        "by_phase": "Par phase",
        "by_section": "Par section",
        "by_category": "Par catégorie d'équipement ou de service",
        "by_service": "Par service",
        "by_site": "Par site",
        "phase": "Phase",
        "section": "Section",
        "category": "Catégorie",
        "service": "Service",
        "site": "Site",
        "share": "Part",
        "value": "Valeur",
        "embodied": "Fabrication",
        "use": "Usage (électricité)",
        "network": "Réseau",
        "spend": "Achats de services (ratio monétaire)",
        "devices": "Équipements des agents",
        "hosting": "Hébergement, réseau, cloud",
        "services": "Services en ligne",
        "none": "(non renseigné)",
        "beges_title": "Tableau BEGES (méthode v5) et scopes du GHG Protocol",
        "beges_poste": "Poste",
        "beges_label": "Intitulé",
        "scope": "Scope",
        "beges_2.1": "Émissions indirectes liées à la consommation d'électricité",
        "beges_4.1": "Achats de biens (petit matériel passé en charges)",
        "beges_4.2": "Immobilisations de biens (matériel amorti)",
        "beges_4.3": "Gestion des déchets",
        "beges_4.4": "Actifs en leasing amont (matériel loué)",
        "beges_4.5": "Achats de services (cloud, SaaS, hébergement, télécoms)",
        "beges_5.1": "Utilisation des services en ligne par les usagers (aval, facultatif)",
        "scope_2": "Scope 2 — énergie achetée",
        "scope_3": "Scope 3 — autres émissions indirectes",
        "change_title": "Évolution depuis {previous}",
        "change_intro": "L'écart entre les deux années se décompose exactement en trois effets, calculés l'un après l'autre.",
        "previous_total": "Empreinte {previous}",
        "current_total": "Empreinte {year}",
        "effect_fleet": "Effet parc (équipements, quantités, usages)",
        "effect_factors": "Effet facteurs d'émission",
        "effect_method": "Effet méthode",
        "total_change": "Évolution totale",
        "fleet_by_category": "Effet parc par catégorie",
        "trajectory_title": "Position par rapport à la feuille de route",
        "on_track": "L'année {year} est sur la trajectoire de la feuille de route : {actual} contre {planned} prévus ({gap}).",
        "off_track": "L'année {year} est au-dessus de la trajectoire de la feuille de route : {actual} contre {planned} prévus (+{gap}).",
        "legal_title": "Indicateurs réglementaires",
        "indicator": "Indicateur",
        "observed": "Observé",
        "requirement": "Exigence",
        "status": "Statut",
        "met": "respecté",
        "missed": "non respecté",
        "not_available": "non calculable avec cet inventaire",
        "agec_indicator": "Part de la dépense HT de l'année en matériel informatique et téléphonie issue du réemploi ou de la réutilisation ou intégrant des matières recyclées (loi AGEC art. 58, décret 2024-134)",
        "agec_indicator_2021": "Part de la dépense HT de l'année en matériel informatique et téléphonie issue du réemploi ou de la réutilisation ou intégrant des matières recyclées (loi AGEC art. 58, décret 2021-254)",
        "agec_estimate_indicator": "Estimation en nombre d'unités : part des équipements achetés dans l'année qui sont reconditionnés (approche de la loi AGEC art. 58, pas l'indicateur légal)",
        "agec_reuse_indicator": "{line} : part de la dépense HT issue du réemploi ou de la réutilisation (décret 2024-134, annexe)",
        "agec_recycled_indicator": "{line} : part de la dépense HT intégrant des matières recyclées (décret 2024-134, annexe)",
        "agec_source": "Loi n° 2020-105 du 10 février 2020 (AGEC), art. 58 ; décret n° 2024-134 du 21 février 2024 et son annexe (en vigueur le 1er juillet 2024, abrogeant le décret n° 2021-254) ; arrêté du 29 février 2024 (liste des produits)",
        "agec_source_2021": "Loi n° 2020-105 du 10 février 2020 (AGEC), art. 58 ; décret n° 2021-254 du 9 mars 2021 (abrogé au 1er juillet 2024 par le décret n° 2024-134)",
        "agec_estimate_note": "L'inventaire n'a pas de section « purchases » : la loi demande une part de la dépense hors taxes, distinguant réemploi et matières recyclées ; ce chiffre en nombre d'unités n'en est qu'une estimation.",
        "agec_transition_note": "En 2024, le décret n° 2021-254 s'appliquait jusqu'au 30 juin et le décret n° 2024-134 à partir du 1er juillet ; l'année est évaluée avec les cibles 2024 du décret n° 2024-134 et le plancher de 20 % de l'article 58 de la loi.",
        "agec_target_missing": "Cible de l'annexe du décret n° 2024-134 non renseignée dans sobriete : seule la part combinée est comparée au plancher de 20 % de l'article 58 de la loi.",
        "agec_purchases_title": "Achats informatiques de l'année (loi AGEC art. 58)",
        "agec_purchases_intro": "Dépense hors taxes de l'année par ligne de l'annexe du décret n° 2024-134 et par produit de l'arrêté du 29 février 2024 ; « réemploi » comprend la réutilisation et le reconditionné.",
        "agec_line": "Ligne ou produit",
        "agec_spending": "Dépense HT",
        "agec_reuse": "Réemploi / réutilisation",
        "agec_recycled": "Matières recyclées",
        "agec_target": "cible",
        "agec_product_computers": "Ordinateurs fixes et portables, terminaux",
        "agec_product_monitors": "Écrans",
        "agec_product_servers": "Serveurs",
        "agec_product_phones": "Téléphones fixes et mobiles",
        "agec_product_tablets": "Tablettes",
        "agec_product_projectors": "Vidéoprojecteurs",
        "agec_outside": "Hors annexe ({categories})",
        "reen_indicator": "Part des matériels informatiques réformés orientés vers le réemploi ou la réutilisation (loi REEN art. 16, décret 2023-266)",
        "reen_source": "Loi n° 2021-1485 du 15 novembre 2021 (REEN), art. 16 ; décret n° 2023-266 du 12 avril 2023, art. 1 à 3 (25 % en 2023, 35 % en 2024, 50 % à partir de 2025)",
        "reen_rule_note": "Réformés de l'année des catégories 2° et 6° de l'art. R. 543-172 du code de l'environnement (écrans, petits équipements informatiques et de télécommunications), hors matériels de plus de dix ans ; comptent comme réemploi la cession, la vente ou le don à un repreneur qui s'engage au réemploi (destinations « reuse » et « donation »). Le décret rapporte ces sorties au stock de matériels réformés au 1er janvier : l'inventaire ne donnant que les sorties de l'année, celles-ci en tiennent lieu.",
        "reen_unknown_age": "{count} unités sans année d'achat restent dans le calcul (leur âge ne permet pas de les exclure).",
        "legal_sources": "Textes :",
        "quality_title": "Qualité des données",
        "quality_defaults": "{count} lignes d'équipement sur {total} utilisent une valeur par défaut de la catégorie pour : {keys}.",
        "quality_purchase": "{count} lignes d'équipement sur {total} n'ont pas d'année d'achat.",
        "quality_lines": "{lines} lignes d'inventaire, source : {source}.",
        "quality_share_defaults": "Part du total reposant sur des valeurs par défaut (au moins une valeur de la ligne prise dans la base de facteurs plutôt que dans l'inventaire) : {share}.",
        "quality_share_weak": "Part du total calculée avec un facteur fragile (incertitude d'au moins ± 50 % ou donnée de plus de 10 ans) : {share} ; principaux facteurs fragiles : {factors}.",
        "interval_explained": "**Que signifie l'intervalle ?** Chaque facteur d'émission (fabrication d'un portable, électricité française, ratio monétaire d'un abonnement…) est connu avec une marge d'erreur publiée ou estimée. L'intervalle à 95 % est obtenu en tirant au sort {draws} fois l'ensemble de ces facteurs, en tenant compte du fait qu'une erreur sur un facteur touche toutes les lignes qui l'utilisent et que des facteurs issus d'une même étude se trompent ensemble. Il couvre donc l'incertitude des facteurs, et celle des valeurs saisies quand une incertitude leur est donnée (empreintes constructeur comprises). Il ne couvre pas les erreurs de l'inventaire lui-même (équipements oubliés, quantités ou dépenses mal saisies), ni ce qui est hors du périmètre (papier, déplacements, bâtiments, terminaux des habitants) : un inventaire incomplet sous-estime le total, quelle que soit la largeur de l'intervalle.",
        "notes_title": "Notes de calcul",
        "sources_title": "Sources des facteurs d'émission",
        "factor": "Facteur",
        "source": "Source",
        "year": "Année",
        "uncertainty": "Incertitude (±)",
        "national_title": "Ordres de grandeur nationaux",
        "national_text": "En France, le numérique représentait 2,5 % de l'empreinte carbone nationale en 2020 (16,9 MtCO₂e, soit environ 250 kgCO₂e par habitant, tous usages confondus) ; la fabrication des terminaux en est la première source (ADEME–Arcep, 2022). L'inventaire d'une collectivité ne couvre que son propre numérique : ses équipements, son hébergement et ses services.",
        "national_shares": "Répartition nationale : terminaux 79 %, centres de données 16 %, réseaux 5 %. Ici : équipements des agents {devices}, hébergement {hosting}, services en ligne {services}.",
        "main_sources": "Principales sources d'émissions",
        "diagnostic": "1. Diagnostic",
        "vision": "2. Vision et objectifs SMART",
        "action_plan": "3. Plan d'actions",
        "resources": "4. Moyens",
        "evaluation": "5. Dispositif d'évaluation",
        "annex": "6. Annexes",
        "vision_intro": "La collectivité se fixe les objectifs suivants ; ils sont vérifiés chaque année sur la trajectoire tendancielle et avec le plan.",
        "objective": "Objectif",
        "metric": "Indicateur suivi",
        "baseline": "Référence",
        "target": "Cible",
        "deadline": "Échéance",
        "bau": "Tendanciel",
        "plan": "Avec le plan",
        "probability": "Probabilité d'atteinte",
        "smart_notes": "Vérification SMART",
        "feasible": "Avec ce plan, tous les objectifs sont atteints.",
        "infeasible": "Avec ce plan, au moins un objectif n'est pas atteint : des actions supplémentaires sont nécessaires.",
        "trajectory_chart": "Trajectoire tendancielle, trajectoire avec le plan et cibles",
        "waterfall_chart": "Contribution des actions à l'horizon",
        "macc_chart": "Courbe des coûts d'abattement",
        "gantt_chart": "Calendrier des actions",
        "theme": "Thème de la stratégie numérique responsable",
        "theme_none": "Autres actions",
        "action": "Action",
        "owner": "Pilote",
        "actors": "Acteurs",
        "schedule": "Étapes",
        "start": "Début",
        "ramp": "Montée en charge",
        "ramp_years": "{n} an(s)",
        "cost": "Investissement",
        "annual_cost": "Fonctionnement annuel",
        "total_cost": "Coût total sur la période",
        "reduction_per_year": "Réduction attendue par an",
        "abatement_cost": "Coût d'abattement",
        "eur_per_t": "€/tCO₂e",
        "kpi": "Indicateur de suivi",
        "kpi_targets": "Cibles annuelles",
        "selected": "Retenue dans le plan",
        "not_selected": "Candidate non retenue",
        "yes": "oui",
        "no": "non",
        "budget_per_year": "Budget par année",
        "investment": "Investissement",
        "operating": "Fonctionnement",
        "savings": "Économies",
        "sum": "Total",
        "funding": "Financements",
        "partners": "Partenariats",
        "none_given": "non renseigné",
        "evaluation_intro": "Chaque indicateur est mesuré chaque année et présenté dans le rapport sur la situation en matière de développement durable, avant le débat d'orientation budgétaire (décret 2022-1084).",
        "review": "Revue annuelle",
        "review_date": "Avant le débat d'orientation budgétaire {year}",
        "carbon_indicator": "Empreinte carbone du numérique",
        "method_title": "Méthode",
        "method_text": "Empreinte calculée par ligne d'inventaire : fabrication (amortie sur la durée de vie ou comptée à l'achat), usage (électricité × facteur du pays × PUE pour l'hébergement), réseau pour les services en ligne (transfert des pages vues ou des données ; un EcoIndex mesuré donne la taille des pages, son score est indiqué comme indicateur d'écoconception), ratios monétaires pour les services achetés sans données physiques, méthode Cloud Carbon Footprint pour le cloud. L'intervalle à 95 % tire l'erreur de chaque facteur une fois pour toutes les lignes qui l'utilisent. Les trajectoires suivent le parc réel, chaque équipement renouvelé à l'identique à la fin de sa durée de vie ; l'année de référence est l'empreinte du bilan annuel.",
        "assumptions": "Hypothèses",
        "glossary": "Glossaire",
        "glossary_entries": [
            ["BEGES", "Bilan des émissions de gaz à effet de serre réglementaire (art. L.229-25 du code de l'environnement)."],
            ["EPCI", "Établissement public de coopération intercommunale."],
            ["PUE", "Power Usage Effectiveness : énergie totale d'un centre de données / énergie des équipements informatiques."],
            ["REEN", "Loi du 15 novembre 2021 visant à réduire l'empreinte environnementale du numérique en France."],
            ["AGEC", "Loi anti-gaspillage pour une économie circulaire (2020)."],
            ["Réemploi", "Nouvelle utilisation d'un équipement pour le même usage, sans qu'il soit devenu un déchet."],
            ["SBTi", "Science Based Targets initiative : trajectoire de −4,2 % par an (1,5 °C)."],
            ["tCO₂e", "Tonne d'équivalent CO₂."],
        ],
        "contents": "Sommaire",
        "year_col": "Année",
        "reporting_total": "Empreinte de l'année de référence",
        "objectives_met": "objectifs atteints",
        "smart_line": "{id} : spécifique (indicateur : {metric}) ; mesurable (référence {reference} en {reference_year}) ; atteignable ({achievable}) ; pertinent (couvre {covered} de l'empreinte de référence) ; temporellement défini (échéance {deadline}).",
        "smart_achievable_no": "non atteint avec le plan actuel",
        "smart_low": "Pertinence faible : l'objectif « {id} » couvre moins de 10 % de l'empreinte ; envisager un indicateur plus large.",
        "smart_no_indicator": "L'objectif « {id} » n'a pas d'indicateur de suivi : en préciser un pour le dispositif d'évaluation.",
        "metric_total": "empreinte totale",
        "metric_embodied": "empreinte de fabrication",
        "metric_use": "empreinte d'usage",
        "metric_per_agent": "empreinte par agent",
        "metric_per_inhabitant": "empreinte par habitant",
        "metric_category": "empreinte de la catégorie {category}",
        "objective_reduction": "−{reduction} en {target_year} par rapport à {reference_year}",
        "objective_annual": "−{rate} par an (linéaire) à partir de {reference_year}",
        "unit_per_agent": "kgCO₂e/agent/an",
        "unit_per_inhabitant": "kgCO₂e/habitant/an",
        "assumption_steady": "Les trajectoires suivent le parc réel : chaque équipement est renouvelé à la fin de sa durée de vie, ceux déjà au-delà l'année suivante ; évolution sans plan : {trend}.",
        "assumption_consolidate": "Consolidation de serveurs : {share} de l'électricité des serveurs retirés est économisée (hypothèse documentée).",
        "assumption_market": "Le levier « facteur d'électricité » (contrat d'électricité renouvelable) ne modifie que la série market-based, jamais le bilan location-based.",
        "no_trend": "aucune croissance",
        "others": "Autres",
        "key_embodied": "fabrication",
        "key_lifespan": "durée de vie",
        "key_electricity": "électricité",
        "who_what": "Ce document répond à : combien, d'où, que ferons-nous, quand, qui, à quel coût et comment le saurons-nous.",
    },
    "en": {
        "report_title": "Digital carbon report {year}",
        "roadmap_title": "Responsible digital roadmap {start}–{end}",
        "generated": "Document produced by sobriete {version} on {date}, factor database {factors}.",
        "summary": "Summary",
        "total": "Total footprint",
        "interval": "95 % confidence interval",
        "per_agent": "Per agent",
        "per_inhabitant": "Per inhabitant",
        "unit_year": "kgCO₂e/year",
        "unit_t_year": "tCO₂e/year",
        "method": "Method",
        "method_amortized": "embodied emissions spread over the lifespan",
        "method_acquisition": "embodied emissions counted in the year of purchase",
        "breakdowns": "Breakdown",
        "by_phase": "By phase",
        "by_section": "By section",
        "by_category": "By equipment or service category",
        "by_service": "By department",
        "by_site": "By site",
        "phase": "Phase",
        "section": "Section",
        "category": "Category",
        "service": "Department",
        "site": "Site",
        "share": "Share",
        "value": "Value",
        "embodied": "Embodied (manufacturing)",
        "use": "Use (electricity)",
        "network": "Network",
        "spend": "Purchased services (spend-based)",
        "devices": "Staff devices",
        "hosting": "Hosting, network, cloud",
        "services": "Online services",
        "none": "(not given)",
        "beges_title": "BEGES table (method v5) and GHG Protocol scopes",
        "beges_poste": "Poste",
        "beges_label": "Label",
        "scope": "Scope",
        "beges_2.1": "Indirect emissions from electricity consumption",
        "beges_4.1": "Purchased goods (small equipment expensed)",
        "beges_4.2": "Capital goods (depreciated equipment)",
        "beges_4.3": "Waste",
        "beges_4.4": "Upstream leased assets",
        "beges_4.5": "Purchased services (cloud, SaaS, hosting, telecoms)",
        "beges_5.1": "Use of online services by citizens (downstream, optional)",
        "scope_2": "Scope 2 — purchased energy",
        "scope_3": "Scope 3 — other indirect emissions",
        "change_title": "Change since {previous}",
        "change_intro": "The difference between the two years splits exactly into three effects, computed one after the other.",
        "previous_total": "Footprint {previous}",
        "current_total": "Footprint {year}",
        "effect_fleet": "Fleet effect (equipment, quantities, usage)",
        "effect_factors": "Emission factor effect",
        "effect_method": "Method effect",
        "total_change": "Total change",
        "fleet_by_category": "Fleet effect by category",
        "trajectory_title": "Position against the roadmap",
        "on_track": "{year} is on the roadmap trajectory: {actual} against {planned} planned ({gap}).",
        "off_track": "{year} is above the roadmap trajectory: {actual} against {planned} planned (+{gap}).",
        "legal_title": "Legal indicators",
        "indicator": "Indicator",
        "observed": "Observed",
        "requirement": "Requirement",
        "status": "Status",
        "met": "met",
        "missed": "not met",
        "not_available": "cannot be computed from this inventory",
        "agec_indicator": "Share of the year's IT and telephony spending excluding VAT from reuse or incorporating recycled materials (AGEC law art. 58, décret 2024-134)",
        "agec_indicator_2021": "Share of the year's IT and telephony spending excluding VAT from reuse or incorporating recycled materials (AGEC law art. 58, décret 2021-254)",
        "agec_estimate_indicator": "Estimate by units: share of the equipment bought in the year that is refurbished (approaches AGEC law art. 58, not the legal indicator)",
        "agec_reuse_indicator": "{line}: share of spending excluding VAT from reuse (réemploi/réutilisation) (décret 2024-134, annex)",
        "agec_recycled_indicator": "{line}: share of spending excluding VAT incorporating recycled materials (décret 2024-134, annex)",
        "agec_source": "Loi n° 2020-105 of 10 February 2020 (AGEC), art. 58; décret n° 2024-134 of 21 February 2024 and its annex (in force on 1 July 2024, repealing décret n° 2021-254); arrêté of 29 February 2024 (list of products)",
        "agec_source_2021": "Loi n° 2020-105 of 10 February 2020 (AGEC), art. 58; décret n° 2021-254 of 9 March 2021 (repealed on 1 July 2024 by décret n° 2024-134)",
        "agec_estimate_note": "The inventory has no `purchases` section: the law asks for a share of spending excluding VAT, with reuse and recycled materials apart; this figure by units is only an estimate.",
        "agec_transition_note": "In 2024, décret n° 2021-254 applied until 30 June and décret n° 2024-134 from 1 July; the year is assessed against the 2024 targets of décret n° 2024-134 and the 20 % floor of art. 58 of the law.",
        "agec_target_missing": "Target of the annex of décret n° 2024-134 not filled in sobriete: only the combined share is compared with the 20 % floor of art. 58 of the law.",
        "agec_purchases_title": "IT purchases of the year (AGEC law art. 58)",
        "agec_purchases_intro": "Spending excluding VAT of the year by line of the annex of décret n° 2024-134 and by product of the arrêté of 29 February 2024; \"reuse\" includes réutilisation and refurbished equipment.",
        "agec_line": "Line or product",
        "agec_spending": "Spending excl. VAT",
        "agec_reuse": "Reuse",
        "agec_recycled": "Recycled materials",
        "agec_target": "target",
        "agec_product_computers": "Desktop and laptop computers, terminals",
        "agec_product_monitors": "Monitors",
        "agec_product_servers": "Servers",
        "agec_product_phones": "Desk and mobile phones",
        "agec_product_tablets": "Tablets",
        "agec_product_projectors": "Video projectors",
        "agec_outside": "Outside the annex ({categories})",
        "reen_indicator": "Share of retired IT equipment sent to reuse (REEN law art. 16, décret 2023-266)",
        "reen_source": "Loi n° 2021-1485 of 15 November 2021 (REEN), art. 16; décret n° 2023-266 of 12 April 2023, art. 1 to 3 (25 % in 2023, 35 % in 2024, 50 % from 2025)",
        "reen_rule_note": "Equipment retired in the year of categories 2° and 6° of art. R. 543-172 of the code de l'environnement (screens, small IT and telecom equipment), leaving out equipment over ten years old; transfer, sale or donation to a taker committed to reuse counts as reuse (destinations `reuse` and `donation`). The décret divides by the stock of retired equipment on 1 January; the inventory gives the equipment retired during the year, which stands for it.",
        "reen_unknown_age": "{count} units without a purchase year stay in the calculation (their age cannot exclude them).",
        "legal_sources": "Texts:",
        "quality_title": "Data quality",
        "quality_defaults": "{count} of {total} equipment lines use a category default for: {keys}.",
        "quality_purchase": "{count} of {total} equipment lines have no purchase year.",
        "quality_lines": "{lines} inventory lines, source: {source}.",
        "quality_share_defaults": "Share of the total resting on default values (at least one value of the line taken from the factor database rather than the inventory): {share}.",
        "quality_share_weak": "Share of the total computed with a weak factor (uncertainty of ±50 % or more, or data over 10 years old): {share}; main weak factors: {factors}.",
        "interval_explained": "**What does the interval mean?** Each emission factor (making a laptop, French electricity, the spend ratio of a subscription…) is known with a published or estimated margin of error. The 95 % interval comes from drawing all these factors at random {draws} times, knowing that an error in one factor affects every line that uses it and that factors from the same study are wrong together. It therefore covers the uncertainty of the factors, and that of the values typed in the inventory when they are given an uncertainty (manufacturers' footprints included). It does not cover errors in the inventory itself (forgotten equipment, quantities or spend entered wrongly), nor what is outside the scope (paper, travel, buildings, residents' devices): an incomplete inventory underestimates the total, however wide the interval.",
        "notes_title": "Calculation notes",
        "sources_title": "Emission factor sources",
        "factor": "Factor",
        "source": "Source",
        "year": "Year",
        "uncertainty": "Uncertainty (±)",
        "national_title": "National orders of magnitude",
        "national_text": "In France, digital technology accounted for 2.5 % of the national carbon footprint in 2020 (16.9 MtCO₂e, about 250 kgCO₂e per inhabitant, all uses included); manufacturing devices is its main source (ADEME–Arcep, 2022). A collectivity's inventory only covers its own digital estate: its equipment, hosting and services.",
        "national_shares": "National split: devices 79 %, data centres 16 %, networks 5 %. Here: staff devices {devices}, hosting {hosting}, online services {services}.",
        "main_sources": "Main sources of emissions",
        "diagnostic": "1. Diagnosis",
        "vision": "2. Vision and SMART objectives",
        "action_plan": "3. Action plan",
        "resources": "4. Resources",
        "evaluation": "5. Evaluation framework",
        "annex": "6. Annex",
        "vision_intro": "The collectivity sets itself the following objectives; they are checked every year on the business-as-usual trajectory and with the plan.",
        "objective": "Objective",
        "metric": "Metric",
        "baseline": "Reference",
        "target": "Target",
        "deadline": "Deadline",
        "bau": "Business as usual",
        "plan": "With the plan",
        "probability": "Probability of meeting it",
        "smart_notes": "SMART check",
        "feasible": "With this plan, every objective is met.",
        "infeasible": "With this plan, at least one objective is missed: further actions are needed.",
        "trajectory_chart": "Business-as-usual trajectory, trajectory with the plan, and targets",
        "waterfall_chart": "Contribution of the actions at the horizon",
        "macc_chart": "Marginal abatement cost curve",
        "gantt_chart": "Schedule of the actions",
        "theme": "Theme of the responsible digital strategy",
        "theme_none": "Other actions",
        "action": "Action",
        "owner": "Owner",
        "actors": "Actors",
        "schedule": "Steps",
        "start": "Start",
        "ramp": "Ramp-up",
        "ramp_years": "{n} year(s)",
        "cost": "Investment",
        "annual_cost": "Yearly operating cost",
        "total_cost": "Total cost over the period",
        "reduction_per_year": "Expected reduction per year",
        "abatement_cost": "Abatement cost",
        "eur_per_t": "EUR/tCO₂e",
        "kpi": "Indicator",
        "kpi_targets": "Yearly targets",
        "selected": "Selected in the plan",
        "not_selected": "Candidate not selected",
        "yes": "yes",
        "no": "no",
        "budget_per_year": "Budget per year",
        "investment": "Investment",
        "operating": "Operating",
        "savings": "Savings",
        "sum": "Total",
        "funding": "Funding",
        "partners": "Partnerships",
        "none_given": "not given",
        "evaluation_intro": "Each indicator is measured every year and presented in the sustainable development report, before the budget orientation debate (décret 2022-1084).",
        "review": "Annual review",
        "review_date": "Before the {year} budget orientation debate",
        "carbon_indicator": "Digital carbon footprint",
        "method_title": "Method",
        "method_text": "Footprint computed per inventory line: embodied emissions (spread over the lifespan or counted at purchase), use (electricity × the country's factor × PUE for hosting), network for online services (transfer of the pages viewed or of the data; a measured EcoIndex gives the page size, its score is reported as an eco-design indicator), spend-based ratios for services bought without physical data, Cloud Carbon Footprint method for the cloud. The 95 % interval draws each factor's error once for all the lines that use it. Trajectories follow the real fleet, each unit renewed identically at the end of its lifespan; the baseline year is the annual report's footprint.",
        "assumptions": "Assumptions",
        "glossary": "Glossary",
        "glossary_entries": [
            ["BEGES", "The regulatory greenhouse gas report of French public bodies (art. L.229-25 of the environment code)."],
            ["EPCI", "Public body for inter-municipal cooperation."],
            ["PUE", "Power Usage Effectiveness: a data centre's total energy / the energy of its IT equipment."],
            ["REEN", "Law of 15 November 2021 to reduce the environmental footprint of digital technology in France."],
            ["AGEC", "Anti-waste law for a circular economy (2020)."],
            ["Réemploi", "Reuse of equipment for the same purpose before it becomes waste."],
            ["SBTi", "Science Based Targets initiative: a −4.2 % per year trajectory (1.5 °C)."],
            ["tCO₂e", "Tonne of CO₂ equivalent."],
        ],
        "contents": "Contents",
        "year_col": "Year",
        "reporting_total": "Footprint of the reporting year",
        "objectives_met": "objectives met",
        "smart_line": "{id}: specific (metric: {metric}); measurable (reference {reference} in {reference_year}); achievable ({achievable}); relevant (covers {covered} of the reference footprint); time-bound (deadline {deadline}).",
        "smart_achievable_no": "not met with the current plan",
        "smart_low": "Low relevance: objective \"{id}\" covers less than 10 % of the footprint; consider a broader metric.",
        "smart_no_indicator": "Objective \"{id}\" has no indicator: give one for the evaluation framework.",
        "metric_total": "total footprint",
        "metric_embodied": "embodied footprint",
        "metric_use": "use footprint",
        "metric_per_agent": "footprint per agent",
        "metric_per_inhabitant": "footprint per inhabitant",
        "metric_category": "footprint of category {category}",
        "objective_reduction": "−{reduction} in {target_year} against {reference_year}",
        "objective_annual": "−{rate} per year (linear) from {reference_year}",
        "unit_per_agent": "kgCO₂e/agent/year",
        "unit_per_inhabitant": "kgCO₂e/inhabitant/year",
        "assumption_steady": "Trajectories follow the real fleet: each unit is renewed at the end of its lifespan, those already past it the following year; change without the plan: {trend}.",
        "assumption_consolidate": "Server consolidation: {share} of the removed servers' electricity is saved (documented assumption).",
        "assumption_market": "The electricity factor lever (renewable electricity contract) only changes the market-based series, never the location-based report.",
        "no_trend": "no growth",
        "others": "Others",
        "key_embodied": "embodied",
        "key_lifespan": "lifespan",
        "key_electricity": "electricity",
        "who_what": "This document answers: how much, where from, what we will do, when, who, at what cost, and how we will know.",
    },
}

THEMES = {
    "fr": {1: "Commande publique locale et durable : réemploi, réparation, lutte contre l'obsolescence",
           2: "Gestion durable et de proximité du cycle de vie du matériel informatique",
           3: "Écoconception des sites et des services numériques",
           4: "Sensibilisation des élus et des agents au numérique responsable",
           5: "Numérique responsable et inclusion numérique auprès des citoyens",
           6: "Territoire connecté et durable, ouverture et valorisation des données"},
    "en": {1: "Local and sustainable public procurement: reuse, repair, fighting obsolescence",
           2: "Sustainable, local management of the IT equipment life cycle",
           3: "Eco-design of websites and digital services",
           4: "Awareness of elected officials and staff",
           5: "Responsible and inclusive digital services for citizens",
           6: "Connected and sustainable territory, open and reused data"},
}
# Source: décret 2022-1084 themes as operationalised by DINUM (data/snr-collectivites, Etalab 2.0).


def strings(lang: str) -> dict:
    return STRINGS[lang]


def locale_of(lang: str) -> str:
    return "fr_FR" if lang == "fr" else "en_GB"


def fmt_number(value, lang: str, digits: int = 1) -> str:
    from babel.numbers import format_decimal

    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=locale_of(lang))


def fmt_percent(value, lang: str, digits: int = 0) -> str:
    if value is None:
        return "—"
    return fmt_number(100 * value, lang, digits) + ("\u202f%" if lang == "fr" else " %")


def fmt_money(value, lang: str) -> str:
    return fmt_number(value, lang, 0) + ("\u202f€" if lang == "fr" else " EUR")


def fmt_date(date: _dt.date, lang: str) -> str:
    from babel.dates import format_date

    return format_date(date, format="long", locale=locale_of(lang))


def translate_note(note, lang: str) -> str:
    """A calculation note in the document's language: structured notes (``sobriete.notes.Note``)
    render themselves from one table; other text is returned unchanged."""
    from ..notes import render_note

    return render_note(note, lang)
    for pattern, template in NOTE_TRANSLATIONS_FR:
        match = re.fullmatch(pattern, note)
        if match:
            values = {k: KEYS_FR.get(v, v) for k, v in match.groupdict().items()}
            if "c" in values:
                values["c"] = values["c"].replace(",", "\u202f")
                values["b"] = values["b"].replace(",", "\u202f")
            return template.format(**values)
    return note


# IPCC AR6 calibrated likelihood language (DESIGN §6) and its official French translation (GIEC, RE6).
LIKELIHOOD_TERMS = {
    "fr": {"virtually_certain": "quasi certain", "very_likely": "très probable", "likely": "probable",
           "about_as_likely_as_not": "aussi probable qu'improbable", "unlikely": "improbable",
           "very_unlikely": "très improbable", "exceptionally_unlikely": "exceptionnellement improbable"},
    "en": {"virtually_certain": "virtually certain", "very_likely": "very likely", "likely": "likely",
           "about_as_likely_as_not": "about as likely as not", "unlikely": "unlikely",
           "very_unlikely": "very unlikely", "exceptionally_unlikely": "exceptionally unlikely"},
}

STRINGS["fr"].update({
    "colon": "\u00a0: ",
    "contents": "Sommaire",
    "synthesis": "Synthèse",
    "synthesis_total": "Empreinte {year} : **{total} tCO₂e/an** (intervalle à 95 % : {low} à {high} tCO₂e/an).",
    "synthesis_total_no_interval": "Empreinte {year} : **{total} tCO₂e/an**.",
    "synthesis_per": "Soit {agent} kgCO₂e/an par agent et {inhabitant} kgCO₂e/an par habitant.",
    "synthesis_sources": "Trois premières sources",
    "synthesis_objectives": "Objectifs",
    "synthesis_actions": "Cinq actions les plus efficaces du plan",
    "synthesis_budget": "Budget du plan par année",
    "synthesis_no_scenario": "Aucune feuille de route n'est associée à ce bilan : objectifs, actions et budget figurent dans la feuille de route (`sobriete report --scenario`).",
    "contribution_horizon": "Réduction en {year} (tCO₂e/an)",
    "operating_net": "Fonctionnement (net des économies)",
    "status_met": "atteint",
    "status_missed": "non atteint",
    "status_met_likely": "✔ atteint, {term} ({p})",
    "status_met_central": "⚠ atteint sur la valeur centrale, {term} ({p})",
    "status_missed_central": "✘ non atteint sur la valeur centrale, {term} ({p})",
    "status_missed_plain": "✘ non atteint, {term} ({p})",
    "status_no_probability": "{mark} {status} sur la valeur centrale (probabilité non calculée)",
    "likelihood_title": "Vraisemblance",
    "likelihood_short": "Vraisemblance selon l'échelle du GIEC, calculée sur les tirages de l'incertitude des facteurs : « probable » veut dire au moins 66 % des tirages.",
    "likelihood_scale": "Vraisemblance selon l'échelle du GIEC (6e rapport) : quasi certain (au moins 99 % des tirages), très probable (90 %), probable (66 %), aussi probable qu'improbable (33 à 66 %), improbable (moins de 33 %), très improbable (moins de 10 %), exceptionnellement improbable (moins de 1 %). Un objectif n'est dit atteint sans réserve qu'à partir de « probable ».",
    "smart_achievable_likely": "atteint avec le plan, {term} ({p})",
    "smart_achievable_unsure": "pas encore : atteint sur la valeur centrale mais {term} ({p})",
    "smart_achievable_missed": "non atteint avec le plan actuel, {term} ({p})",
    "smart_achievable_unknown": "atteint sur la valeur centrale, probabilité non calculée",
    "feasible_likely": "Avec ce plan, tous les objectifs sont atteints, chacun au moins probable.",
    "feasible_unsure": "Avec ce plan, tous les objectifs sont atteints sur la valeur centrale, mais au moins l'un d'eux n'est pas probable : la marge est trop faible pour le considérer comme acquis.",
    "unit_col": "Unité",
    "method_scope_title": "Méthode et périmètre",
    "scope_counted_title": "Ce qui est compté",
    "scope_counted": "Le numérique de la collectivité tel que l'inventaire le décrit : équipements des agents (postes, écrans, téléphones, imprimantes…), hébergement (serveurs, stockage, réseau, centres de données, cloud) et services en ligne (sites, logiciels en ligne, télécommunications). Pour chaque ligne : la fabrication, l'électricité consommée, le transfert réseau des services en ligne et, pour les services achetés sans données physiques, un ratio monétaire (kgCO₂e par euro dépensé).",
    "scope_not_counted_title": "Ce qui n'est pas compté",
    "scope_not_counted": "Le papier et les consommables, les déplacements des agents, les bâtiments (chauffage, climatisation hors salles informatiques), la fin de vie des équipements (traitement des déchets), les terminaux et les connexions des habitants qui utilisent les services en ligne, et tout équipement absent de l'inventaire.",
    "scope_methods_title": "Deux façons de compter la fabrication",
    "scope_methods": "Méthode amortie : la fabrication de chaque équipement est répartie sur sa durée de vie ; elle donne une image stable du parc. Méthode à l'acquisition : la fabrication est comptée en entier l'année de l'achat, comme dans un BEGES réglementaire (poste 4.2) ; elle varie fortement d'une année à l'autre selon les achats. Méthode de ce bilan : {method}.",
    "scope_factors_title": "Sources des facteurs",
    "scope_factors": "Base de facteurs {version} : fabrication des équipements d'après les fiches environnementales des fabricants (Boavizta) et la Base Empreinte® de l'ADEME (NegaOctet), électricité d'après la Base Empreinte® (mix moyen du pays), ratios monétaires d'après des intensités publiées et corrigées de l'inflation. La liste complète figure en fin de document.",
    "scope_interval_title": "Ce que couvre l'intervalle",
    "weak_warning": "⚠ Facteur fragile — {factors}\u00a0: {advice}.",
    "advice_spend": "remplacer la dépense par des données physiques (quantités d'équipements, volumes de données, consommations)",
    "advice_server": "donner la fabrication des serveurs d'après la fiche environnementale du fabricant",
    "advice_equipment": "donner la fabrication d'après la fiche environnementale du fabricant (PCF) ou la durée de vie réelle",
    "advice_electricity": "relever la consommation électrique réelle (compteur, facture, supervision)",
    "advice_old": "utiliser une donnée plus récente",
    "backlog_sentence": "Des équipements déjà au-delà de leur durée de vie en {year} sont renouvelés l'année suivante : ce rattrapage ajoute {value} tCO₂e en {next} à la trajectoire tendancielle.",
    "position_on_track": "L'empreinte {year} ({actual}) ne dépasse pas la valeur prévue par le plan pour cette année ({planned}) : marge de {gap}.",
    "position_off_track": "L'empreinte {year} ({actual}) dépasse la valeur prévue par le plan pour cette année ({planned}) : écart +{gap}.",
    "position_band": "La bande à 90 % du plan pour {year} va de {low} à {high}.",
    "position_not_covered": "L'année {year} n'est pas couverte par la feuille de route ({start}–{end}).",
    "position_note": "Même méthode et mêmes facteurs que la feuille de route ; pour l'année de référence de la feuille de route, les deux valeurs coïncident par construction.",
    "collectivity_notes_title": "Notes de la collectivité",
    "collectivity_notes_intro": "Textes rédigés par la collectivité dans son fichier de scénario, reproduits tels quels ; ils ne sont pas vérifiés par l'outil.",
    "collectivity_general": "Notes générales",
    "kpi_baseline": "Référence",
    "kpi_baseline_year": "{value} ({year})",
    "computed_assumptions_intro": "Hypothèses appliquées par le calcul (issues du scénario et de la base de facteurs) :",
    "trend_item": "{what} {rate} par an",
    "quality_lines_count": "{lines} lignes d'inventaire, fichier : {source}.",
    "trend_factor": "facteur {id}",
    "action_note_title": "Action « {label} »",
    "objective_note_title": "Objectif « {label} »",
    "resources_notes": "Financements et partenariats envisagés : voir la section « Notes de la collectivité ».",
    "reporting_equal": "L'année {year} de la trajectoire est l'empreinte du bilan annuel ({reporting}), même méthode et mêmes facteurs.",
})

STRINGS["en"].update({
    "colon": ": ",
    "contents": "Contents",
    "synthesis": "Summary",
    "synthesis_total": "Footprint {year}: **{total} tCO₂e/year** (95 % interval: {low} to {high} tCO₂e/year).",
    "synthesis_total_no_interval": "Footprint {year}: **{total} tCO₂e/year**.",
    "synthesis_per": "That is {agent} kgCO₂e/year per agent and {inhabitant} kgCO₂e/year per inhabitant.",
    "synthesis_sources": "Three largest sources",
    "synthesis_objectives": "Objectives",
    "synthesis_actions": "The plan's five most effective actions",
    "synthesis_budget": "The plan's budget per year",
    "synthesis_no_scenario": "No roadmap is attached to this report: objectives, actions and budget are in the roadmap (`sobriete report --scenario`).",
    "contribution_horizon": "Reduction in {year} (tCO₂e/year)",
    "operating_net": "Operating (net of savings)",
    "status_met": "met",
    "status_missed": "not met",
    "status_met_likely": "✔ met, {term} ({p})",
    "status_met_central": "⚠ met on the central value, {term} ({p})",
    "status_missed_central": "✘ not met on the central value, {term} ({p})",
    "status_missed_plain": "✘ not met, {term} ({p})",
    "status_no_probability": "{mark} {status} on the central value (probability not computed)",
    "likelihood_title": "Likelihood",
    "likelihood_short": "Likelihood on the IPCC scale, computed over the draws of the factors' uncertainty: \"likely\" means at least 66 % of the draws.",
    "likelihood_scale": "Likelihood on the IPCC scale (AR6): virtually certain (at least 99 % of the draws), very likely (90 %), likely (66 %), about as likely as not (33 to 66 %), unlikely (under 33 %), very unlikely (under 10 %), exceptionally unlikely (under 1 %). An objective is called met without reservation only from \"likely\" up.",
    "smart_achievable_likely": "met with the plan, {term} ({p})",
    "smart_achievable_unsure": "not yet: met on the central value but {term} ({p})",
    "smart_achievable_missed": "not met with the current plan, {term} ({p})",
    "smart_achievable_unknown": "met on the central value, probability not computed",
    "feasible_likely": "With this plan, every objective is met, each at least likely.",
    "feasible_unsure": "With this plan, every objective is met on the central value, but at least one is not likely: the margin is too thin to take it for granted.",
    "unit_col": "Unit",
    "method_scope_title": "Method and scope",
    "scope_counted_title": "What is counted",
    "scope_counted": "The collectivity's digital estate as the inventory describes it: staff devices (computers, screens, phones, printers…), hosting (servers, storage, network, data centres, cloud) and online services (websites, online software, telecoms). For each line: manufacturing, the electricity used, the network transfer of online services and, for services bought without physical data, a spend-based ratio (kgCO₂e per euro spent).",
    "scope_not_counted_title": "What is not counted",
    "scope_not_counted": "Paper and consumables, staff travel, buildings (heating, air conditioning outside server rooms), the end of life of equipment (waste treatment), the devices and connections of the residents who use the online services, and any equipment missing from the inventory.",
    "scope_methods_title": "Two ways of counting manufacturing",
    "scope_methods": "Amortised method: each device's manufacturing is spread over its lifespan; it gives a stable picture of the fleet. Acquisition method: manufacturing is counted in full in the year of purchase, as in a regulatory BEGES (poste 4.2); it swings from year to year with purchases. Method of this report: {method}.",
    "scope_factors_title": "Factor sources",
    "scope_factors": "Factor database {version}: manufacturing of equipment from manufacturers' environmental sheets (Boavizta) and ADEME's Base Empreinte® (NegaOctet), electricity from Base Empreinte® (the country's average mix), spend-based ratios from published intensities corrected for inflation. The full list is at the end of the document.",
    "scope_interval_title": "What the interval covers",
    "weak_warning": "⚠ Weak factor — {factors}: {advice}.",
    "advice_spend": "replace the spend by physical data (equipment counts, data volumes, consumption)",
    "advice_server": "give the servers' embodied emissions from the manufacturer's environmental sheet",
    "advice_equipment": "give the embodied emissions from the manufacturer's environmental sheet (PCF) or the real lifespan",
    "advice_electricity": "measure the real electricity use (meter, bills, monitoring)",
    "advice_old": "use more recent data",
    "backlog_sentence": "Equipment already past its lifespan in {year} is renewed the following year: this catch-up adds {value} tCO₂e in {next} to the business-as-usual trajectory.",
    "position_on_track": "The {year} footprint ({actual}) does not exceed the plan's value for that year ({planned}): margin {gap}.",
    "position_off_track": "The {year} footprint ({actual}) is above the plan's value for that year ({planned}): gap +{gap}.",
    "position_band": "The plan's 90 % band for {year} runs from {low} to {high}.",
    "position_not_covered": "{year} is not covered by the roadmap ({start}–{end}).",
    "position_note": "Same method and factors as the roadmap; for the roadmap's baseline year, both values are equal by construction.",
    "collectivity_notes_title": "The collectivity's own notes",
    "collectivity_notes_intro": "Text written by the collectivity in its scenario file, reproduced as is; the tool does not check it.",
    "collectivity_general": "General notes",
    "kpi_baseline": "Baseline",
    "kpi_baseline_year": "{value} ({year})",
    "computed_assumptions_intro": "Assumptions applied by the calculation (from the scenario and the factor database):",
    "trend_item": "{what} {rate} per year",
    "quality_lines_count": "{lines} inventory lines, file: {source}.",
    "trend_factor": "factor {id}",
    "action_note_title": "Action \"{label}\"",
    "objective_note_title": "Objective \"{label}\"",
    "resources_notes": "Funding and partnerships considered: see the section \"The collectivity's own notes\".",
    "reporting_equal": "The trajectory's year {year} is the annual report's footprint ({reporting}), same method and factors.",
})


def likelihood_term(likelihood: str | None, lang: str) -> str | None:
    return None if likelihood is None else LIKELIHOOD_TERMS[lang][likelihood]


def objective_status(record: dict, lang: str) -> str:
    """An objective's status with its likelihood: never "met" alone below *likely* (DESIGN §6)."""
    from ..plan import LIKELY_ENOUGH, likelihood

    s = STRINGS[lang]
    probability = record.get("probability")
    level = record.get("likelihood") or likelihood(probability)
    if level is None:
        return s["status_no_probability"].format(mark="⚠" if record["met"] else "✘",
                                                 status=s["status_met"] if record["met"] else s["status_missed"])
    values = {"term": LIKELIHOOD_TERMS[lang][level], "p": fmt_percent(probability, lang)}
    if record["met"]:
        key = "status_met_likely" if level in LIKELY_ENOUGH else "status_met_central"
    else:
        key = "status_missed_central" if level in LIKELY_ENOUGH or level == "about_as_likely_as_not" \
            else "status_missed_plain"
    return s[key].format(**values)


# Factor sources are written in English in the factor database; French documents show them in French.
# Phrase by phrase, in order (titles and proper names are kept); unknown text is left as it is.
SOURCE_TRANSLATIONS_FR = [
    (r"Boavizta environmental-footprint-data \(ODbL 1\.0\), median of (\d+) (.*?)PCFs used as a proxy \((.*)\)",
     r"Boavizta, données environmental-footprint-data (ODbL 1.0) : médiane de \1 fiches environnementales de "
     r"fabricants d'appareils voisins, utilisées par approximation (\3)"),
    (r"Boavizta environmental-footprint-data \(ODbL 1\.0\), median of (\d+) [^(]*?PCFs(?: \((.*)\))?$",
     r"Boavizta, données environmental-footprint-data (ODbL 1.0) : médiane de \1 fiches environnementales de "
     r"fabricants"),
    (r"Boavizta environmental-footprint-data \(ODbL 1\.0\), 1 SAN/NAS PCF \((.*?), (\d+) bays\) scaled to (\d+) bays",
     r"Boavizta, données environmental-footprint-data (ODbL 1.0) : 1 fiche environnementale de baie de stockage "
     r"(\1, \2 baies) ramenée à \3 baies"),
    (r", applied to software subscriptions", ", appliqué aux abonnements logiciels"),
    (r", which includes 63\.11 data processing and hosting", ", qui comprend le traitement de données et "
     r"l'hébergement, NAF 6311Z"),
    (r"\(element (\d+)", r"(élément \1"),
    (r"ADEME–Arcep study, (\d{4}) update", r"Étude ADEME–Arcep, mise à jour \1"),
    (r", as shipped by Impact CO2 \(", ", telle que reprise par Impact CO2 ("),
    (r"\(incubateur-ademe/impactco2 @(\w+), (\S+), slug (\S+)\)", r"(dépôt incubateur-ademe/impactco2 @\1, "
     r"fichier \2, identifiant \3)"),
    (r": average PUE of colocation data centres in France", " : PUE moyen des centres de données de colocation en "
     "France"),
    (r"Assumption following Cloud Carbon Footprint replication factors \((.*)\)",
     r"Hypothèse d'après les facteurs de réplication de Cloud Carbon Footprint (\1)"),
    (r"S3 and Azure LRS: (\d)", r"S3 et Azure LRS : \1"),
    (r"Cloud Carbon Footprint methodology", "Méthode Cloud Carbon Footprint"),
    (r", Appendix I energy coefficients", ", coefficients énergétiques de son annexe I"),
    (r", replication factors \(REPLICATION_FACTORS in its cloud constants\)", ", facteurs de réplication "
     "(REPLICATION_FACTORS de ses constantes)"),
    (r": SSD 1\.2 Wh per TB-hour x replication factor x PUE; coefficients in intensities\.yaml",
     " : SSD 1,2 Wh par To et par heure × facteur de réplication × PUE ; coefficients dans intensities.yaml"),
    (r": default average CPU utilisation of hyperscale servers in 2020 \(2016 U\.S\. Data Center Energy Usage "
     r"Report, LBNL\)", " : taux moyen d'utilisation des processeurs des serveurs des grands fournisseurs en 2020, "
     "par défaut (rapport du LBNL de 2016 sur la consommation d'énergie des centres de données des États-Unis)"),
    (r": energy per vCPU-hour and embodied share; coefficients in intensities\.yaml \(cloud\.<provider>\.\*\)",
     " : énergie par vCPU et par heure et part de la fabrication ; coefficients dans intensities.yaml"),
    (r"Cloud Carbon Footprint, Embodied Emissions \(SCI formula (.*?)\) with the Teads base server of about "
     r"1,000 kgCO2e \((.*?) LCA\) over (\d+) years",
     r"Cloud Carbon Footprint, émissions de fabrication (formule SCI \1) avec le serveur de référence de Teads "
     r"d'environ 1 000 kgCO₂e (ACV du \2) sur \3 ans"),
    (r"^Network transfer: page_views x page_weight x blend of network\.fixed and network\.mobile "
     r"\(NegaOctet via Impact CO2\), or the EcoIndex formula",
     "Transfert réseau : pages vues × poids des pages × moyenne des facteurs network.fixed et network.mobile "
     "(NegaOctet via Impact CO2), ou la formule EcoIndex"),
    (r"^Network transfer: data_transfer x blend of network\.fixed and network\.mobile \(NegaOctet via Impact CO2\)",
     "Transfert réseau : données transférées × moyenne des facteurs network.fixed et network.mobile "
     "(NegaOctet via Impact CO2)"),
    (r"\(French State's digital footprint tool\), default PUE of a data centre",
     "(outil de l'État pour l'empreinte du numérique), PUE par défaut d'un centre de données"),
    (r"average PUE of its data centres announced with its carbon calculator, as reported by (\w+) \((\d{4})\)",
     r"PUE moyen de ses centres de données, annoncé avec son calculateur carbone, d'après \1 (\2)"),
    (r"Lifecycle carbon intensity of electricity generation, (\d{4}) \(Ember yearly electricity data, update of "
     r"(\d+) May (\d{4}); Energy Institute Statistical Review of World Energy\)",
     r"intensité carbone de la production d'électricité sur son cycle de vie, \1 (données annuelles d'Ember, mise "
     r"à jour du \2 mai \3 ; Energy Institute, Statistical Review of World Energy)"),
    (r"^Spend-based: line spend x intensity (\S+) \(intensities\.yaml\)", r"Ratio monétaire : dépense de la ligne "
     r"× intensité \1 (intensities.yaml)"),
    (r"; or the line's electricity x PUE x electricity factor", " ; ou électricité de la ligne × PUE × facteur "
     "d'électricité"),
    (r"; or data transfer x (\S+) / (\S+)", r" ; ou données transférées × \1 ou \2"),
    (r"HICP annual average index \((\w+)\), unit (\w+), coicop (\w+) \(all items\), geo (\w+), (\d{4}) = 100; "
     r"release of (\d+) (\w+) (\d{4})", r"indice des prix à la consommation harmonisé, moyenne annuelle (\1, \2, "
     r"\3 tous produits, \4, base 100 en \5) ; publication du \6 \7 \8"),
]
_MONTHS_FR = {"January": "janvier", "February": "février", "March": "mars", "April": "avril", "May": "mai",
              "June": "juin", "July": "juillet", "August": "août", "September": "septembre", "October": "octobre",
              "November": "novembre", "December": "décembre"}


def translate_source(text, lang: str) -> str:
    """A factor's source in the document's language (French: see SOURCE_TRANSLATIONS_FR)."""
    import re

    text = "" if text is None else str(text)
    if lang != "fr":
        return text
    for pattern, replacement in SOURCE_TRANSLATIONS_FR:
        text = re.sub(pattern, replacement, text)
    return re.sub(r"\b(\d+) (" + "|".join(_MONTHS_FR) + r")\b", lambda m: f"{m.group(1)} {_MONTHS_FR[m.group(2)]}",
                  text)


def common_escape(text) -> str:
    """Text as the documents write it (Markdown-escaped), for tests and look-ups."""
    from .common import md_escape

    return md_escape(text)


# "Au-delà du carbone" / "Beyond carbon" section of the annual report (criteria beyond carbon, DESIGN §4).
STRINGS["fr"].update({
    "beyond_title": "Au-delà du carbone",
    "beyond_intro": "Le carbone n'est qu'une des pressions du numérique sur l'environnement : la fabrication des "
                    "équipements épuise aussi des ressources minérales et métalliques, et l'électricité a ses "
                    "propres effets (radioactivité, acidification, particules…). Chaque critère est calculé avec "
                    "les mêmes règles que le carbone, à partir des facteurs qui le fournissent.",
    "beyond_none": "Aucun facteur utilisé ne fournit de critère au-delà du carbone : donnez un fichier de facteurs "
                   "multicritères (par exemple converti du référentiel NumÉcoÉval) avec --factors.",
    "beyond_partial": "La couverture est la part de l'empreinte carbone portée par les lignes évaluées pour le "
                      "critère : un critère couvert à moins de 100 % est un résultat partiel, qui ne compte que "
                      "ces lignes (les lignes non évaluées ne sont pas « à zéro », elles sont inconnues).",
    "beyond_criterion": "Critère", "beyond_total": "Total", "beyond_per_agent": "Par agent",
    "beyond_coverage": "Couverture", "beyond_people": "Équivalent habitants (monde)",
    "beyond_sources": "Principales sources (lignes évaluées)",
    "beyond_normalisation": "Équivalent habitants : le total divisé par l'impact annuel moyen d'un habitant de la "
                            "planète ({source}).",
})
STRINGS["en"].update({
    "beyond_title": "Beyond carbon",
    "beyond_intro": "Carbon is only one of the pressures of digital technology on the environment: making the "
                    "equipment also depletes mineral and metal resources, and electricity has effects of its own "
                    "(radioactivity, acidification, particles…). Each criterion is computed with the same rules as "
                    "carbon, from the factors that give it.",
    "beyond_none": "No factor used gives a criterion beyond carbon: give a multi-criteria factor file (for "
                   "instance converted from NumÉcoÉval's referential) with --factors.",
    "beyond_partial": "Coverage is the share of the carbon footprint carried by the lines evaluated for the "
                      "criterion: a criterion covered below 100 % is a partial result counting those lines only "
                      "(the other lines are not \"zero\", they are unknown).",
    "beyond_criterion": "Criterion", "beyond_total": "Total", "beyond_per_agent": "Per agent",
    "beyond_coverage": "Coverage", "beyond_people": "Person equivalents (world)",
    "beyond_sources": "Main sources (evaluated lines)",
    "beyond_normalisation": "Person equivalents: the total divided by the yearly impact of an average world "
                            "inhabitant ({source}).",
})
