"""Packaging and layering (STYLE.md "Packaging", "Layers").

- pyproject's explicit package list must name every folder holding an ``__init__.py`` (a missing
  sub-package is silently left out of the wheel while still importable in an editable install);
- ``cli/`` and ``factors/`` install as ``sobriete.cli`` and ``sobriete.factors``: nothing named
  ``cli`` or ``factors`` is importable at top level from outside the repository;
- library modules never import the command line; units.py and errors.py import no other module of
  sobriete.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib

import pytest

from conftest import REPO  # noqa: E402

PACKAGE_ROOTS = {"sobriete": "sobriete", "cli": "sobriete.cli", "factors": "sobriete.factors"}


def pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def packages_on_disk() -> set[str]:
    found = set()
    for folder, package in PACKAGE_ROOTS.items():
        for init in (REPO / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(REPO / folder)
            if any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
                continue
            found.add(".".join((package, *relative.parts)))
    return found


def test_package_list_is_every_folder_with_an_init():
    listed = pyproject()["tool"]["setuptools"]["packages"]
    assert len(listed) == len(set(listed)), "a package is listed twice"
    assert set(listed) == packages_on_disk()


def test_cli_and_factors_are_mapped_under_sobriete():
    config = pyproject()
    assert config["tool"]["setuptools"]["package-dir"] == {"sobriete.cli": "cli", "sobriete.factors": "factors"}
    assert config["project"]["scripts"] == {"sobriete": "sobriete.cli.main:cli"}
    assert "units.txt" in config["tool"]["setuptools"]["package-data"]["sobriete"]
    assert (REPO / "factors" / "__init__.py").is_file()
    assert config["project"]["requires-python"] == ">=3.11"


def test_no_top_level_cli_or_factors_outside_the_repo(tmp_path):
    code = ("import importlib.util as u, sobriete\n"
            "print(u.find_spec('cli'), u.find_spec('factors'))\n"
            "print(u.find_spec('sobriete.cli') is not None, u.find_spec('sobriete.factors') is not None)\n"
            "from importlib import resources\n"
            "print(resources.files('sobriete.factors').joinpath('profiles.yaml').is_file())\n"
            "print(resources.files('sobriete').joinpath('units.txt').is_file())")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["None None", "True True", "True", "True"]


# --- layering ------------------------------------------------------------------------------------------

def imported_modules(path) -> set[str]:
    """Absolute names of the modules a file imports (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    # The package a file belongs to (for sobriete/io/__init__.py as for sobriete/io/tables.py: sobriete.io).
    package = list(path.relative_to(REPO).parent.parts)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
                names.add(module)
                if not node.module:
                    names.update(f"{module}.{alias.name}" for alias in node.names)
            else:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


# sobriete/__main__.py is `python -m sobriete`: the command line's own entry point, not library code.
LIBRARY_FILES = sorted(p for p in (REPO / "sobriete").rglob("*.py")
                       if "__pycache__" not in p.parts and p != REPO / "sobriete" / "__main__.py")


def test_the_layer_checker_sees_relative_and_absolute_imports():
    assert "sobriete.units" in imported_modules(REPO / "sobriete" / "model.py")
    assert "sobriete.errors" in imported_modules(REPO / "sobriete" / "io" / "inventory.py")


@pytest.mark.parametrize("path", LIBRARY_FILES, ids=[str(p.relative_to(REPO)) for p in LIBRARY_FILES])
def test_library_never_imports_the_command_line(path):
    offending = {m for m in imported_modules(path) if m == "cli" or m.startswith(("cli.", "sobriete.cli"))}
    assert not offending, f"{path.relative_to(REPO)} imports {sorted(offending)}"


@pytest.mark.parametrize("name", ["units.py", "errors.py", "locale/__init__.py"])
def test_bottom_layers_import_nothing_from_sobriete(name):
    """The bottom layer imports nothing from sobriete but the message catalogs (which import nothing)."""
    modules = imported_modules(REPO / "sobriete" / name)
    assert not {m for m in modules if (m == "sobriete" or m.startswith("sobriete.")) and not m.startswith("sobriete.locale")}


def test_model_imports_only_units():
    modules = {m for m in imported_modules(REPO / "sobriete" / "model.py") if m.startswith("sobriete")}
    assert modules <= {"sobriete.units", "sobriete.units.QuantityKind", "sobriete.errors"}
