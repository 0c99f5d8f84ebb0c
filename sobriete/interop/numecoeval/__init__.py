"""NumÉcoÉval CSV files ↔ sobriete inventories, keeping NumÉcoÉval's calculation conventions.

NumÉcoÉval (the French State's tool, also inside G4IT) reads four `;` CSV files: data centres,
physical equipment, virtual equipment and applications (REFERENCES §3). Importing keeps their
semantics (DESIGN §9), so that the same factors give the same per-equipment results:

- ``nomEquipementPhysique`` → ``name``, ``modele`` → ``model``, ``quantite`` → ``quantity``,
  ``consoElecAnnuelle`` → ``electricity`` (kWh per unit and year), ``nomEntite`` → ``service``,
  ``type`` → ``category`` (``vocabulary.yaml``, else sobriete's own names and aliases;
  ``--map-type`` adds more), the data centre's short name → ``site``.
- Country: the hosting data centre's ``localisation``, else ``paysDUtilisation`` (French or
  English names, ISO alpha-2 or alpha-3 codes).
- PUE: NumÉcoÉval multiplies the use phase by a PUE only for a server (a type its referential
  flags ``serveur``) hosted in a data centre: the data centre's PUE, else its hypothesis
  ``PUEParDefaut`` 1.75. Such servers get that PUE; every other hosting line (switches,
  storage…, and servers outside a data centre) gets ``pue: 1`` so that sobriete, which applies a
  PUE to every hosting line, does not add one.
- Lifespan ``REEL`` (the default, as in G4IT): (``dateRetrait`` − ``dateAchat``) in days / 365,
  31 December of the reporting year standing in for a missing ``dateRetrait``; ``FIXE``:
  ``dureeUsageInterne`` (years). ``dureeUsageAmont`` and ``dureeUsageAval`` (years of first and
  third life) are added. Without ``dateAchat`` (REEL) or ``dureeUsageInterne`` (FIXE), the
  type's default lifespan in NumÉcoÉval's referential (Server 7 years, Smartphone 2), else its
  ``dureeVieParDefaut``, 2 years. Never below 1 year.
  NumÉcoÉval's year is 365 days and sobriete's 365.25 (pint's): the lifespan is written as the
  exact number of NumÉcoÉval years (``days / 365``), so ``embodied / lifespan`` is NumÉcoÉval's
  manufacturing share to the last bit.
- ``purchase_year`` = year of ``dateAchat``. Equipment withdrawn during the reporting year counts
  a full year, as in NumÉcoÉval; equipment withdrawn before 1 January of the reporting year, or
  bought after it, is excluded and reported with its line (NumÉcoÉval, which has no reporting
  year, would still count it).
- Usage rate → ``share``: ``tauxUtilisation`` if given, else ``modeUtilisation`` COPE 0.8 or BYOD
  0.57 (NumÉcoÉval's hypotheses ``taux_utilisation_COPE`` / ``_BYOD``), else 1.

Each imported line's ``notes`` keeps the NumÉcoÉval fields sobriete has no key for (type, dates,
durations, usage mode) after ``NumÉcoÉval ``, then ``|`` and how the line was derived; export
writes them back when they still give the line's values, so import → export → import round-trips.

Virtual equipment and applications do not become lines: they receive a share of their host's
footprint, written as an allocation table next to the inventory (``<inventory>.applications.csv``)
and applied by :func:`sobriete.allocation.application_breakdown`. A virtual machine's share is its
``cleRepartition`` when given, else its storage share (``typeEqv`` stockage/storage) or its vCPU
share (over the storage or vCPU of all the host's virtual machines); an application gets an equal
part of each virtual machine it runs on. These rules are calculation: they live in
:mod:`sobriete.allocation`, which the import calls for the shares it writes.

Differences that remain, and why, are listed in docs/numecoeval-differences.md; the main one is
by design: under sobriete's ``amortized`` method a line whose lifespan has ended
(``purchase_year + lifespan ≤ year``) counts no embodied emissions, while NumÉcoÉval counts
``factor / lifespan`` for every equipment. Such lines are listed by the import.

The pipeline, one module per step:

    read each file (reading: decoding, kind by header) → text columns (formats: the files' columns)
      → values parsed once per distinct value (values), dates and lifespans (lifespans)
      → data centres and physical equipment → inventory lines, excluded lines, notes (lines,
        linenotes), validated by the inventory loader's own rules
      → virtual equipment and applications → the allocation table (virtual; shares from
        sobriete.allocation), written and read back as a CSV beside the inventory (sidecar)
      → a NumecoevalImport (result): its report (report) and its files (writing);
        ``importing.read_numecoeval`` runs it all
    inventory → NumÉcoÉval files (exporting; kept fields restored or rebuilt by restoring)

Type and country names are data, in ``vocabulary.yaml``; NumÉcoÉval's hypotheses (default PUE,
lifespans, usage rates) are in ``conventions``.
"""

from __future__ import annotations

from .conventions import (DAYS_PER_NUMECOEVAL_YEAR, DEFAULT_LIFESPAN_YEARS, DEFAULT_PUE, LIFESPAN_MODES,
                          MIN_LIFESPAN_YEARS, SERVER_CATEGORIES, TYPE_LIFESPANS, USAGE_RATES)
from .exporting import export_numecoeval
from .formats import (APPLICATION_COLUMNS, DATACENTER_COLUMNS, EXPORT_FILES, KIND_LABELS, KINDS, PHYSICAL_COLUMNS,
                      VIRTUAL_COLUMNS)
from .importing import read_numecoeval
from .lifespans import lifespans, type_lifespans, usage_rates
from .linenotes import NOTE_FIELDS, NOTE_PREFIX, parse_line_note
from .reading import Table, read_file
from .report import import_report
from .result import NumecoevalImport
from .sidecar import (ALLOCATION_COLUMNS, ALLOCATION_SUFFIX, ALLOCATION_TEXT, allocation_csv, allocation_path,
                      load_allocation)
from .values import parse_date, parse_dates, parse_numbers
from .vocabulary import (CATEGORY_TYPES, COUNTRIES, COUNTRY_NAMES, TYPE_CATEGORIES, category_of_type, country_code,
                         parse_type_map)
from .writing import LARGE_IMPORT_LINES, write_import

__all__ = [
    "read_numecoeval", "NumecoevalImport", "import_report", "write_import", "export_numecoeval",
    "read_file", "Table", "parse_type_map", "category_of_type", "country_code", "parse_date", "parse_dates",
    "parse_numbers", "lifespans", "type_lifespans", "usage_rates", "parse_line_note",
    "allocation_path", "allocation_csv", "load_allocation", "ALLOCATION_COLUMNS", "ALLOCATION_SUFFIX",
    "ALLOCATION_TEXT",
    "TYPE_CATEGORIES", "CATEGORY_TYPES", "COUNTRIES", "COUNTRY_NAMES", "KINDS", "KIND_LABELS", "EXPORT_FILES",
    "DATACENTER_COLUMNS", "PHYSICAL_COLUMNS", "VIRTUAL_COLUMNS", "APPLICATION_COLUMNS", "NOTE_PREFIX",
    "NOTE_FIELDS", "DAYS_PER_NUMECOEVAL_YEAR", "MIN_LIFESPAN_YEARS", "DEFAULT_LIFESPAN_YEARS", "TYPE_LIFESPANS",
    "DEFAULT_PUE", "USAGE_RATES", "LIFESPAN_MODES", "SERVER_CATEGORIES", "LARGE_IMPORT_LINES",
]
