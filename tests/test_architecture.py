"""The layer order of STYLE.md, executable: every import of every module, lazy ones included.

Data flows one way; a module imports only from its own layer or the layers above it:

    base (units, errors) → model → io → calculation → scenario → report → cli

Every module of ``sobriete/`` and ``cli/`` (installed as ``sobriete.cli``) is given its layer in
``LAYER_OF`` below: a new module without a layer fails the test, so that its place is decided on
purpose. matplotlib is imported only by the report layer, and only inside functions (so that
``sobriete --help`` and the library stay light).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

LAYERS = ("base", "model", "io", "calculation", "scenario", "report", "cli")

LAYER_OF = {
    # base: the pint registry and the exception hierarchy; the package itself only holds __version__.
    "sobriete": "base",
    "sobriete.units": "base",
    "sobriete.errors": "base",
    "sobriete.locale": "base",  # message catalogs and the language of messages (errors render with it)
    # model: inventory lines, factor profiles and intensities, objectives, actions; no file is read.
    "sobriete.model": "model",
    "sobriete.plan": "model",
    "sobriete.levers": "model",
    "sobriete.factorset": "model",
    "sobriete.constants": "model",
    "sobriete.criteria": "model",  # the criteria beyond carbon: ids, units, labels (DESIGN §4)
    "sobriete.text": "model",
    "sobriete.notes": "model",  # calculation notes as structured objects (code, parameters, texts)
    "sobriete.vocabulary": "model",  # French and English names of keys, sections and values (one table)
    # io: loaders and writers; the only place strings become units.
    "sobriete.io": "io",
    "sobriete.io.catalogue_file": "io",
    "sobriete.io.csvfiles": "io",
    "sobriete.io.distinct": "io",
    "sobriete.io.factor_files": "io",
    "sobriete.io.imports": "io",
    "sobriete.io.indicator_values": "io",
    "sobriete.io.inventory": "io",
    "sobriete.io.output_paths": "io",
    "sobriete.io.problems": "io",
    "sobriete.io.scenario_file": "io",
    "sobriete.io.tables": "io",
    "sobriete.io.templates": "io",
    "sobriete.io.writers": "io",
    "sobriete.io.userfiles": "io",
    "sobriete.io.yamlsafe": "io",
    "sobriete.interop": "io",
    "sobriete.interop.glpi": "io",
    "sobriete.interop.glpi.agent": "io",
    "sobriete.interop.glpi.classify": "io",
    "sobriete.interop.glpi.dates": "io",
    "sobriete.interop.glpi.decisions": "io",
    "sobriete.interop.glpi.importing": "io",
    "sobriete.interop.glpi.mapping": "io",
    "sobriete.interop.glpi.merging": "io",
    "sobriete.interop.glpi.reading": "io",
    "sobriete.interop.glpi.records": "io",
    "sobriete.interop.glpi.report": "io",
    "sobriete.interop.glpi.result": "io",
    "sobriete.interop.glpi.rules": "io",
    "sobriete.interop.glpi.vocabulary": "io",
    "sobriete.interop.glpi.writing": "io",
    "sobriete.interop.numecoeval": "io",
    "sobriete.interop.numecoeval.characterisation": "io",
    "sobriete.interop.numecoeval.conventions": "io",
    "sobriete.interop.numecoeval.exporting": "io",
    "sobriete.interop.numecoeval.formats": "io",
    "sobriete.interop.numecoeval.importing": "io",
    "sobriete.interop.numecoeval.lifespans": "io",
    "sobriete.interop.numecoeval.linenotes": "io",
    "sobriete.interop.numecoeval.lines": "io",
    "sobriete.interop.numecoeval.reading": "io",
    "sobriete.interop.numecoeval.report": "io",
    "sobriete.interop.numecoeval.restoring": "io",
    "sobriete.interop.numecoeval.result": "io",
    "sobriete.interop.numecoeval.sidecar": "io",
    "sobriete.interop.numecoeval.values": "io",
    "sobriete.interop.numecoeval.shares": "io",
    "sobriete.interop.numecoeval.virtual": "io",
    "sobriete.interop.numecoeval.vocabulary": "io",
    "sobriete.interop.numecoeval.writing": "io",
    "sobriete.interop.pcf": "io",
    # calculation: arrays in, results out.
    "sobriete.footprint": "calculation",
    "sobriete.uncertainty": "calculation",
    "sobriete.ecoindex": "calculation",
    "sobriete.legal": "calculation",  # AGEC and REEN indicators from a validated inventory
    "sobriete.change": "calculation",  # the change between two annual footprints, by cause
    "sobriete.allocation": "calculation",  # a host's footprint shared among its VMs and applications
    # scenario: trajectories, objectives, proposals over calculation results.
    "sobriete.scenario": "scenario",
    "sobriete.catalogue": "scenario",
    "sobriete.indicators": "scenario",  # indicators beyond carbon: paths, status, the SMART check
    # report: tables, JSON/CSV, Markdown/HTML, charts. scenario_outputs renders a scenario result
    # (the JSON document of DESIGN §8 and the terminal tables) with outputs.number_formatter: it is
    # report code, despite its name.
    "sobriete.scenario_outputs": "report",
    "sobriete.outputs": "report",
    "sobriete.charts": "report",
    "sobriete.documents": "report",
    "sobriete.documents.common": "report",
    "sobriete.documents.publish": "report",  # a document set staged, checked against the manifest, moved into place
    "sobriete.documents.evaluation": "report",
    "sobriete.documents.explore": "report",
    "sobriete.documents.figures": "report",
    "sobriete.documents.i18n": "report",
    "sobriete.documents.report": "report",
    "sobriete.documents.roadmap": "report",
    "sobriete.documents.scenario_yaml": "report",
    # cli: one module per command group. sobriete.api is the Python API (DESIGN §10): a facade over
    # every layer, like the command line; the package's __getattr__ reaches it by name (PEP 562).
    "sobriete.api": "cli",
    "sobriete.__main__": "cli",
    "sobriete.cli": "cli",
    "sobriete.cli.actions_cmd": "cli",
    "sobriete.cli.base": "cli",
    "sobriete.cli.documents_cmd": "cli",
    "sobriete.cli.explore_cmd": "cli",
    "sobriete.cli.factors_cmd": "cli",
    "sobriete.cli.footprint_cmd": "cli",
    "sobriete.cli.glpi_cmd": "cli",
    "sobriete.cli.interop_cmd": "cli",
    "sobriete.cli.inventory_cmd": "cli",
    "sobriete.cli.main": "cli",
    "sobriete.cli.numecoeval_cmd": "cli",
    "sobriete.cli.params": "cli",
    "sobriete.cli.scenario_cmd": "cli",
}

# Imports against the layer order that exist today, as (importer, imported module): each one with
# the reason it is still there. Remove an entry once the import is gone (the test says when);
# never add one to make a new violation pass. (sobriete.factorset, model, reading files through
# sobriete.io.yamlsafe was one: the factor-file loader moved to sobriete.io.factor_files.)
KNOWN_VIOLATIONS: set[tuple[str, str]] = set()  # none left: keep it so

# Only these layers may import matplotlib, and only inside functions.
MATPLOTLIB_LAYERS = {"report"}


def module_files() -> dict[str, Path]:
    """Every module of sobriete/ and cli/ by its installed name (cli/ is installed as sobriete.cli)."""
    found = {}
    for folder, package in (("sobriete", ("sobriete",)), ("cli", ("sobriete", "cli"))):
        for path in sorted((REPO / folder).rglob("*.py")):
            parts = path.relative_to(REPO / folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(package + parts)] = path
    return found


MODULES = module_files()


class ImportCollector(ast.NodeVisitor):
    """Every import of one module: (line, imported module or name, inside a function)."""

    def __init__(self, module: str, is_package: bool):
        self.package = module if is_package else module.rpartition(".")[0]
        self.depth = 0
        self.imports: list[tuple[int, str, bool]] = []

    def visit_FunctionDef(self, node):
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Import(self, node):
        for alias in node.names:
            self.imports.append((node.lineno, alias.name, self.depth > 0))

    def visit_ImportFrom(self, node):
        if node.level:
            base = self.package.split(".")
            base = base[:len(base) - (node.level - 1)]
            source = ".".join(base + ([node.module] if node.module else []))
        else:
            source = node.module
        for alias in node.names:
            # `from sobriete import model` imports a module; `from sobriete.x import name` a name.
            self.imports.append((node.lineno, f"{source}.{alias.name}", self.depth > 0))


def imports_of(module: str) -> list[tuple[int, str, bool]]:
    path = MODULES[module]
    collector = ImportCollector(module, path.name == "__init__.py")
    collector.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    return collector.imports


def target_module(name: str) -> str | None:
    """The project module an imported name belongs to (the longest known prefix), else None."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in MODULES:
            return candidate
    return None


def layer_violations() -> dict[tuple[str, str], list[str]]:
    """(importer, imported) → the places ("path:line") where a module imports from a lower layer."""
    order = {layer: rank for rank, layer in enumerate(LAYERS)}
    found: dict[tuple[str, str], list[str]] = {}
    for module in MODULES:
        for line, name, _lazy in imports_of(module):
            target = target_module(name)
            if target is None or target not in LAYER_OF or module not in LAYER_OF:
                continue  # third-party, or reported by the tests below
            if order[LAYER_OF[target]] > order[LAYER_OF[module]]:
                where = f"{MODULES[module].relative_to(REPO)}:{line}"
                found.setdefault((module, target), []).append(where)
    return found


def test_every_module_has_a_layer():
    missing = sorted(set(MODULES) - set(LAYER_OF))
    assert not missing, (
        f"module(s) without a layer: {', '.join(missing)}. Give each one its layer in LAYER_OF "
        f"(tests/test_architecture.py), one of {', '.join(LAYERS)} (STYLE.md, 'Layers')")
    stale = sorted(set(LAYER_OF) - set(MODULES))
    assert not stale, f"LAYER_OF names module(s) that no longer exist: {', '.join(stale)}"
    assert set(LAYER_OF.values()) <= set(LAYERS)


def test_project_imports_resolve_to_modules():
    unresolved = [f"{MODULES[module].relative_to(REPO)}:{line}: {name}"
                  for module in MODULES for line, name, _lazy in imports_of(module)
                  if name.split(".")[0] == "sobriete" and target_module(name) is None]
    assert not unresolved, "imports of unknown project modules:\n" + "\n".join(unresolved)


def test_imports_follow_the_layer_order():
    found = layer_violations()
    new = {pair: places for pair, places in found.items() if pair not in KNOWN_VIOLATIONS}
    assert not new, "imports against the layer order (" + " → ".join(LAYERS) + "):\n" + "\n".join(
        f"{place}: {importer} ({LAYER_OF[importer]}) imports {imported} ({LAYER_OF[imported]})"
        for (importer, imported), places in sorted(new.items()) for place in places)
    fixed = sorted(KNOWN_VIOLATIONS - set(found))
    assert not fixed, ("no longer violations, remove them from KNOWN_VIOLATIONS: "
                       + ", ".join(f"{a} → {b}" for a, b in fixed))


def test_matplotlib_only_in_the_report_layer_and_lazily():
    bad = []
    for module in MODULES:
        for line, name, lazy in imports_of(module):
            if name.split(".")[0] != "matplotlib":
                continue
            where = f"{MODULES[module].relative_to(REPO)}:{line}"
            if LAYER_OF.get(module) not in MATPLOTLIB_LAYERS:
                bad.append(f"{where}: matplotlib imported outside the report layer ({module})")
            elif not lazy:
                bad.append(f"{where}: matplotlib imported at module level (import it inside the function)")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("source, expected", [
    ("from ..factorset import FactorSet", "sobriete.factorset"),
    ("from .. import model", "sobriete.model"),
    ("from .yamlsafe import load_yaml_file", "sobriete.io.yamlsafe"),
    ("import sobriete.io.writers as writers", "sobriete.io.writers"),
    ("from sobriete import __version__", "sobriete"),
])
def test_relative_imports_resolve(source, expected):
    collector = ImportCollector("sobriete.io.factor_files", is_package=False)
    collector.visit(ast.parse(source))
    [(_, name, _)] = collector.imports
    assert target_module(name) == expected


def test_lazy_imports_are_seen():
    collector = ImportCollector("sobriete.model", is_package=False)
    collector.visit(ast.parse("import os\ndef f():\n    from .io.inventory import load_inventory\n"))
    assert collector.imports == [(1, "os", False), (3, "sobriete.io.inventory.load_inventory", True)]
