"""NumÉcoÉval's calculation conventions that the import keeps (REFERENCES §3, DESIGN §9).

Each figure is NumÉcoÉval's (or G4IT's) own hypothesis; docs/numecoeval-differences.md lists them
with the differences that remain.
"""

from __future__ import annotations

DAYS_PER_NUMECOEVAL_YEAR = 365.0  # lifespan REEL = days / 365 (REFERENCES §3)
MIN_LIFESPAN_YEARS = 1.0
# NumÉcoÉval's lifespan fallbacks (docs/numecoeval-differences.md): the type's ``dureeVieDefaut``
# in its type referential (G4IT ships Server 7 years, Smartphone 2 years, no default for the other
# types), else the hypothesis ``dureeVieParDefaut``, 2 years.
DEFAULT_LIFESPAN_YEARS = 2.0
TYPE_LIFESPANS = {"server": 7.0, "smartphone": 2.0}
DEFAULT_PUE = 1.75  # NumÉcoÉval's hypothesis PUEParDefaut, for a data centre without a PUE
USAGE_RATES = {"cope": 0.8, "byod": 0.57}  # NumÉcoÉval hypotheses taux_utilisation_COPE / _BYOD
LIFESPAN_MODES = ("reel", "fixe")
# The categories of the types NumÉcoÉval's referential flags `serveur`: only they get a PUE.
SERVER_CATEGORIES = frozenset({"rack_server", "tower_server", "blade_server"})
