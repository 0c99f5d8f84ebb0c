"""GLPI imports: asset-list exports (CSV, XLSX) and glpi-agent JSON inventories → inventory lines.

The pipeline reads as itself (GLPI.md §5), one module per step:

    read files (reading, agent; dates) → rows (file, real line number, GLPI fields)
      → decide each row (decisions; classify, rules): excluded (why) | unclassified (which value)
        | imported (category, how)
      → merge identical imported assets into lines (merging), unless ``keep_assets``
      → an Inventory validated by the same code as every other inventory (writing), and a report
        (report); ``importing.import_glpi`` runs it all and returns a ``GlpiImport`` (result)

The names GLPI and administrators write (list, header, Type and manufacturer names, placeholders)
are data, in ``vocabulary.yaml``; ``mapping`` holds the user's own decisions.

Every row ends in exactly one of the three outcomes, so the report accounts for all of them.
Nothing here prints: :func:`format_report` returns the report's lines and the CLI prints them.

Decisions documented for users (``sobriete import glpi --help`` says the same):

- a row whose category cannot be decided is *unclassified*: it is never defaulted, it is named
  in the report with its file, line and value, and the command writes nothing until every
  unclassified value is mapped (``--map-type "Type=category"`` or ``--mapping FILE``; the
  category ``exclude`` leaves a type out deliberately);
- the category comes from the user's mapping of the Model or of a telling Type, else the GLPI
  Type (SMBIOS chassis names, French admin labels, the factor set's aliases), else the model
  (Apple identifiers and unambiguous vendor families), else the list's own kind when the Type is
  empty (Monitors → monitor, Printers → printer), else the user's mapping of a Type that says
  nothing ('Other', 'Networking'): such a mapping fixes the unclassified rows it was written for
  without overriding a model that tells the kind;
- excluded, always with line numbers: retired statuses, virtual machines, laptops' built-in
  panels, keyboards/mice and other accessories without a factor, items decommissioned before
  the reporting year or bought after it, a second row with the same serial number, partial
  agent inventories;
- ``purchase_year`` = year of the purchase date, else delivery date, else commissioning date;
  ``site`` = first level of the location (the building); ``service`` = last level of the
  entity below the root entity; ``name`` = the asset name (merged assets keep it only when
  they all share it); ``model`` = the model, prefixed by the cleaned manufacturer.
"""

from __future__ import annotations

from .classify import Classifier
from .dates import date_format_of, year_of
from .decisions import decide_rows
from .importing import expand_paths, import_glpi
from .mapping import TypeMapping, equipment_categories, parse_type_mappings
from .merging import merge_lines
from .reading import read_rows
from .records import Decision, FileInfo, Row
from .report import format_report, mapping_suggestions
from .result import GlpiImport
from .rules import is_retired
from .vocabulary import ITEMTYPES, REASONS, itemtype_of
from .writing import inventory_of, inventory_text

# The names these had in the single-module glpi.py, for code written against it.
_Classifier, _date_format, _year_of, _is_retired = Classifier, date_format_of, year_of, is_retired

__all__ = ["ITEMTYPES", "REASONS", "Row", "FileInfo", "Decision", "GlpiImport", "TypeMapping",
           "parse_type_mappings", "read_rows", "decide_rows", "merge_lines", "import_glpi",
           "inventory_of", "inventory_text", "format_report", "mapping_suggestions", "itemtype_of",
           "expand_paths", "equipment_categories", "Classifier", "date_format_of", "year_of", "is_retired"]
