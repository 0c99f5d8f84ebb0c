"""Extract, update and compile sobriete's message catalogs (sobriete/locale).

    python tools/catalogs.py          # extract → sobriete.pot, update fr/en .po, compile .mo
    python tools/catalogs.py --check  # exit 1 when the .pot/.po/.mo are not up to date with the code

The same as ``pybabel extract -F babel.cfg -k tr --no-location --sort-output -o sobriete/locale/sobriete.pot .``,
``pybabel update -i sobriete/locale/sobriete.pot -d sobriete/locale -D sobriete --no-fuzzy-matching``
and ``pybabel compile -d sobriete/locale -D sobriete``, plus two steps pybabel lacks: the help summaries of every command and option and the names of the
quantity kinds are added (docstrings, click option texts and data, which ``pybabel extract`` cannot
see), and the English
catalog's translations are filled with their msgid, so that both languages are complete. New French
entries are left empty: translate them in ``fr/LC_MESSAGES/sobriete.po`` and run this again.
"""

from __future__ import annotations

import io
import sys
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
LOCALE = REPO / "sobriete" / "locale"
KEYWORDS = {"_": None, "tr": None}
FIXED_DATE = datetime(2026, 1, 1, tzinfo=timezone.utc)  # a constant header: files change only with messages
METHOD_MAP = [("sobriete/**.py", "python"), ("cli/**.py", "python")]


def extract() -> Catalog:
    catalog = Catalog(project="sobriete", domain="sobriete", fuzzy=False, creation_date=FIXED_DATE,
                      revision_date=FIXED_DATE)
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
            str(REPO), METHOD_MAP, keywords=KEYWORDS, comment_tags=(), strip_comment_tags=True):
        if isinstance(message, str) and message:
            catalog.add(message)
    from sobriete.cli.base import help_texts  # the help summaries of the command line (click)
    from sobriete.cli.main import cli

    for _owner, _attribute, text in help_texts(cli):
        catalog.add(text)
    for name in quantity_kind_names():  # "duration", "energy per year": named in unit errors
        catalog.add(name)
    return catalog


def quantity_kind_names() -> set[str]:
    """The names of every QuantityKind the model, levers and units define."""
    from sobriete import levers, model, units

    names = set()
    for module in (units, model, levers):
        for value in vars(module).values():
            for item in (value.values() if isinstance(value, dict) else (value,)):
                if isinstance(item, units.QuantityKind):
                    names.add(item.name)
    return names


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, omit_header=True, no_location=True, sort_output=True, width=100)
    return buffer.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def build() -> dict[Path, bytes]:
    """Every catalog file as it should be, from the code and the existing translations."""
    template = extract()
    files = {LOCALE / "sobriete.pot": _po_bytes(template)}
    for lang in ("fr", "en"):
        po_path = LOCALE / lang / "LC_MESSAGES" / "sobriete.po"
        old = read_po(po_path.open("rb"), locale=lang) if po_path.exists() else Catalog(locale=lang)
        catalog = Catalog(locale=lang, project="sobriete", domain="sobriete", fuzzy=False,
                          creation_date=FIXED_DATE, revision_date=FIXED_DATE)
        for message in template:
            if not message.id:
                continue
            previous = old.get(message.id)
            text = previous.string if previous is not None and previous.string else ""
            catalog.add(message.id, message.id if lang == "en" else text)
        files[po_path] = _po_bytes(catalog)
        files[po_path.with_suffix(".mo")] = _mo_bytes(catalog)
    return files


def main(argv: list[str]) -> int:
    files = build()
    stale = [path for path, data in files.items() if not path.exists() or path.read_bytes() != data]
    if "--check" in argv:
        for path in stale:
            print(f"{path.relative_to(REPO)}: not up to date (run python tools/catalogs.py)")
        return 1 if stale else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[path])
        print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
