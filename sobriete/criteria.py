"""Environmental criteria beyond carbon (DESIGN.md §4 "Beyond carbon", §8 ``criteria``).

The ids are the EF 3.1 criteria as NumÉcoÉval names them, in snake case. Carbon
(`climate_change`, kgCO2e) is the headline: its figures are the footprint's own, never recomputed
from an `impacts` entry. Every other criterion has its own pint dimension (``units.txt``), so that
kgSbe never adds up with kgCO2e. Units, labels and plain-language sentences follow the EF 3.1
method (JRC, "Environmental Footprint reference package 3.1", 2022) and ADEME's explanations of
the indicators of the ADEME–Arcep study (2022).
"""

from __future__ import annotations

from dataclasses import dataclass

CARBON = "climate_change"


@dataclass(frozen=True)
class Criterion:
    id: str
    unit: str  # canonical unit of a yearly total (× "/year" in outputs)
    label_fr: str
    label_en: str
    meaning_fr: str
    meaning_en: str
    numecoeval: tuple  # names of the criterion in NumÉcoÉval / G4IT referentials (ref_FacteurCaracterisation)

    def label(self, lang: str = "fr") -> str:
        return self.label_fr if lang == "fr" else self.label_en

    def meaning(self, lang: str = "fr") -> str:
        return self.meaning_fr if lang == "fr" else self.meaning_en


CRITERIA = {c.id: c for c in (
    Criterion("climate_change", "kgCO2e", "Changement climatique", "Climate change",
              "Les gaz à effet de serre émis, en équivalent CO2 : la contribution au réchauffement climatique.",
              "Greenhouse gases emitted, in CO2 equivalent: the contribution to global warming.",
              ("Changement climatique", "Climate change")),
    Criterion("particulate_matter", "disease_incidence", "Particules fines", "Particulate matter",
              "Les particules fines émises, exprimées en cas de maladie attendus : un effet direct sur la santé.",
              "Fine particles emitted, expressed as expected cases of disease: a direct effect on health.",
              ("Émissions de particules fines", "Particules fines", "Particulate matter",
               "Particulate matter and respiratory inorganics")),
    Criterion("ionising_radiation", "kBqU235e", "Radiations ionisantes", "Ionising radiation",
              "La radioactivité émise, surtout par la production d'électricité nucléaire, en équivalent uranium 235.",
              "Radioactivity released, mostly by nuclear power generation, in uranium-235 equivalent.",
              ("Radiations ionisantes", "Émissions de substances ionisantes", "Ionising radiation")),
    Criterion("acidification", "molHeq", "Acidification", "Acidification",
              "Les pluies acides qui dégradent sols, forêts et lacs, surtout dues à la combustion d'énergies fossiles.",
              "Acid rain that damages soils, forests and lakes, mostly from burning fossil fuels.",
              ("Acidification",)),
    Criterion("resource_use_minerals_metals", "kgSbe", "Épuisement des ressources minérales et métalliques",
              "Mineral and metal resource use",
              "Les métaux et minerais extraits pour fabriquer les équipements, rapportés à la rareté de l'antimoine : "
              "une ressource qui ne se renouvelle pas.",
              "Metals and minerals extracted to make the equipment, weighted by their scarcity against antimony: "
              "a resource that does not renew.",
              ("Épuisement des ressources abiotiques - minéraux et métaux",
               "Épuisement des ressources abiotiques naturelles - éléments",
               "Épuisement des ressources naturelles (minérales et métaux)", "Épuisement des ressources naturelles",
               "Mineral and metal resource use", "Resource use, minerals and metals",
               "Resource use (minerals and metals)")),
    Criterion("resource_use_fossils", "MJ", "Épuisement des ressources fossiles", "Fossil resource use",
              "Le pétrole, le gaz, le charbon et l'uranium consommés, en énergie primaire.",
              "Oil, gas, coal and uranium used up, in primary energy.",
              ("Épuisement des ressources abiotiques - combustibles fossiles",
               "Épuisement des ressources abiotiques naturelles - fossiles", "Fossil resource use",
               "Resource use, fossils")),
    Criterion("ozone_depletion", "kgCFC11e", "Appauvrissement de la couche d'ozone", "Ozone depletion",
              "Les gaz qui détruisent la couche d'ozone protégeant des ultraviolets.",
              "Gases that destroy the ozone layer that shields us from ultraviolet light.",
              ("Appauvrissement de la couche d'ozone", "Ozone depletion")),
    Criterion("eutrophication_terrestrial", "molNeq", "Eutrophisation terrestre", "Terrestrial eutrophication",
              "L'excès d'azote déposé sur les sols, qui appauvrit la flore.",
              "Excess nitrogen deposited on soils, which impoverishes plant life.",
              ("Eutrophisation terrestre", "Terrestrial eutrophication", "Eutrophication, terrestrial")),
    Criterion("eutrophication_freshwater", "kgPeq", "Eutrophisation des eaux douces", "Freshwater eutrophication",
              "L'excès de phosphore dans les rivières et les lacs, qui les prive d'oxygène.",
              "Excess phosphorus in rivers and lakes, which starves them of oxygen.",
              ("Eutrophisation eaux douces", "Eutrophisation des eaux douces", "Freshwater eutrophication",
               "Eutrophication, freshwater")),
    Criterion("eutrophication_marine", "kgNeq", "Eutrophisation marine", "Marine eutrophication",
              "L'excès d'azote rejeté en mer, à l'origine des algues vertes et des zones mortes.",
              "Excess nitrogen reaching the sea, behind algal blooms and dead zones.",
              ("Eutrophisation marine", "Marine eutrophication", "Eutrophication, marine")),
    Criterion("photochemical_ozone_formation", "kgNMVOCeq", "Formation d'ozone photochimique",
              "Photochemical ozone formation",
              "Les polluants qui forment l'ozone des pics de pollution estivaux.",
              "Pollutants that form the ozone of summer smog episodes.",
              ("Formation d'ozone photochimique", "Création d'ozone photochimique",
               "Photochemical ozone formation")),
    Criterion("water_use", "m3_world_eq", "Utilisation d'eau", "Water use",
              "L'eau prélevée, pondérée par sa rareté là où elle est prélevée.",
              "Water withdrawn, weighted by how scarce it is where it is withdrawn.",
              ("Utilisation de ressources en eau", "Utilisation de la ressource en eau", "Water use")),
)}
CRITERION_IDS = tuple(CRITERIA)


def criterion_of_numecoeval(name: str) -> str | None:
    """The criterion id of a NumÉcoÉval criterion name (accents and case ignored), or None."""
    from .text import normalise_name

    wanted = normalise_name(name)
    for criterion in CRITERIA.values():
        names = (criterion.id, criterion.label_fr, criterion.label_en, *criterion.numecoeval)
        if any(normalise_name(n) == wanted for n in names):
            return criterion.id
    return None


# Global normalisation factors of the Environmental Footprint method (EF 3.0): the impact of one
# average world inhabitant over a year (reference year 2010). Sala S., Crenna E., Secchi M., Pant R.,
# "Global normalisation factors for the Environmental Footprint and Life Cycle Assessment", JRC
# technical report EUR 28984 EN, 2017, doi:10.2760/88930, as applied in EF 3.0 (Sala, Cerutti, Pant,
# EUR 28562 EN, 2018). A result divided by its factor reads "as much as N people's yearly impact".
PERSON_EQUIVALENT = {
    "climate_change": 8100.0,  # kgCO2e per person and year
    "particulate_matter": 0.000595,  # disease incidence
    "ionising_radiation": 4220.0,  # kBq U235 eq
    "acidification": 55.6,  # mol H+ eq
    "resource_use_minerals_metals": 0.0636,  # kg Sb eq
    "resource_use_fossils": 65000.0,  # MJ
    "ozone_depletion": 0.0536,  # kg CFC-11 eq
    "eutrophication_terrestrial": 177.0,  # mol N eq
    "eutrophication_freshwater": 1.61,  # kg P eq
    "eutrophication_marine": 19.5,  # kg N eq
    "photochemical_ozone_formation": 40.6,  # kg NMVOC eq
    "water_use": 11500.0,  # m3 world eq. deprived
}
PERSON_EQUIVALENT_SOURCE = {
    "fr": "JRC, Sala et al., facteurs de normalisation mondiaux de la méthode Environmental Footprint "
          "(EUR 28984 EN, 2017 ; méthode EF en version 3)",
    "en": "JRC, Sala et al., Global normalisation factors for the Environmental Footprint (EUR 28984 EN, 2017; "
          "EF 3.0)",
}
