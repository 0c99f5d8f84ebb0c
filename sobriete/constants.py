"""Physical and regulatory constants, in one place (everything else imports them from here)."""

from __future__ import annotations

HOURS_PER_YEAR = 8766.0  # pint's year (365.25 days), the year of every duration in sobriete

# BEGES v5 postes of digital emissions (REFERENCES §6), in report order. 4.3 (end of life of
# waste, WEEE) is shown in the report's BEGES table; the footprint books nothing there itself.
BEGES_POSTES = ("2.1", "4.1", "4.2", "4.3", "4.4", "4.5", "5.1")
SCOPE_OF_POSTE = {"2.1": "2", "4.1": "3", "4.2": "3", "4.3": "3", "4.4": "3", "4.5": "3", "5.1": "3"}
# Embodied emissions of equipment by ownership: fixed assets, expensed small equipment, leased.
EMBODIED_POSTE = {"owned": "4.2", "leased": "4.4", "expensed": "4.1"}
