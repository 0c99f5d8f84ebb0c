"""The Python API (DESIGN §10): the library from a notebook, without files if need be.

    import sobriete
    inv = sobriete.load_inventory("inventaire.yaml")                  # or a mapping like the YAML
    fp = sobriete.footprint(inv, method="amortized", draws=1000, seed=0)
    fp.total, fp.interval, fp.by("category"), fp.lines, fp.to_json()
    res = sobriete.scenario("scenario.yaml", propose=True, budget="150 000 €", confidence=0.8)

Bad input raises :class:`sobriete.InputErrors` (a ``ValueError``) whose ``problems`` are the
located lines the command line prints. The command line (``sobriete.cli``) and this module call
the same library functions, so ``footprint(...).to_json()`` equals ``sobriete footprint --format
json`` for the same inputs. This module is a facade over every layer, like the command line.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass

from . import footprint as _footprint_module  # noqa: F401 - loaded now: see _bind() at the end
from . import scenario as _scenario_module  # noqa: F401
from .errors import InputErrors, error
from .locale import _

__all__ = ["load_inventory", "footprint", "scenario", "InputErrors", "FootprintResult", "ScenarioResult"]


def _factor_set(factors):
    """The shipped factor set with the user's factor files (a path, a shipped name such as
    ``"numecoeval"``, or a list of them) laid over it; a FactorSet is used as it is."""
    from .factorset import FactorSet
    from .io.factor_files import load_factors

    if isinstance(factors, FactorSet):
        return factors
    if factors is None:
        files = ()
    elif isinstance(factors, (str, bytes)) or hasattr(factors, "__fspath__"):
        files = (str(factors),)
    else:
        files = tuple(str(f) for f in factors)
    return load_factors(files)


def load_inventory(source, *, year: int | None = None, factors=None, strict: bool = False):
    """An inventory from a path (YAML, CSV, XLSX or a folder of CSV files) or from a mapping like
    the YAML (``{"year": 2024, "organisation": {...}, "devices": df}``), whose sections are pandas
    DataFrames, lists of dicts, or paths of CSV/XLSX files.

    `year` is the reporting year of a table without one (like ``--year``); `factors` are extra
    factor files whose categories become valid; `strict` refuses table columns that are not
    inventory keys. Raises :class:`InputErrors` listing every problem.
    """
    from .io.inventory import load_inventory as load_path, load_inventory_data

    factor_set = _factor_set(factors)
    if isinstance(source, dict):
        inventory = load_inventory_data(source, factor_set, year=year, strict=strict)
    elif isinstance(source, str) or hasattr(source, "__fspath__"):
        inventory = load_path(source, factor_set, year=year, strict=strict)
    else:
        raise InputErrors([error(_("load_inventory takes a path or a mapping like the YAML inventory"),
                                 value=type(source).__name__)])
    inventory.factor_set = factor_set  # the categories were checked against it: footprint() reuses it
    return inventory


@dataclass
class FootprintResult:
    """The annual footprint: ``total`` (kgCO2e/year), ``interval`` (95 %, or None without draws),
    ``by(column)``, ``lines`` (one row per inventory line), ``notes`` and ``to_json()``."""

    result: object  # sobriete.footprint.Footprint

    @property
    def total(self) -> float:
        return self.result.total

    @property
    def interval(self) -> tuple | None:
        return tuple(float(v) for v in self.result.interval) if self.result.interval is not None else None

    @property
    def lines(self):
        """A pandas DataFrame: the inventory's columns, `section`, each phase and `total` (kgCO2e/year)."""
        return self.result.lines

    @property
    def notes(self) -> list[str]:
        return [str(note) for note in self.result.notes]

    def by(self, column: str) -> dict:
        """Totals (kgCO2e/year) by `section`, `category`, `service`, `site`, `beges`, `scope` or `phase`."""
        special = {"beges": self.result.by_beges, "scope": self.result.by_scope, "phase": self.result.by_phase}
        if column in special:
            return special[column]()
        if column not in ("section", "category", "service", "site"):
            raise InputErrors([error(_("unknown breakdown"), column="by", value=column,
                                     hint=_("allowed: section, category, service, site, beges, scope, phase"))])
        return self.result.by(column)

    def to_json(self, *, lines: bool = True) -> dict:
        """The JSON document of DESIGN §8 as a dict: equal to ``sobriete footprint --format json``."""
        from .outputs import footprint_json

        return json.loads(footprint_json(self.result, include_lines=lines))


def footprint(inventory, *, method: str = "amortized", draws: int = 1000, seed: int = 0, factors=None,
              year: int | None = None) -> FootprintResult:
    """The annual footprint of an inventory (a loaded one, or anything :func:`load_inventory` takes).

    `factors`: extra factor files over the shipped set (as ``--factors``); by default, the set the
    inventory was loaded with. `draws` Monte Carlo draws (0: no interval), seeded by `seed`.
    """
    from .footprint import compute_footprint
    from .model import Inventory
    from .uncertainty import interval

    if method not in ("amortized", "acquisition"):
        raise InputErrors([error(_("unknown method"), column="method", value=method,
                                 hint=_("allowed: amortized, acquisition"))])
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 0:
        raise InputErrors([error(_("must be an integer ≥ 0"), column="draws", value=draws)])
    if not isinstance(inventory, Inventory):
        inventory = load_inventory(inventory, year=year, factors=factors)
    factor_set = (_factor_set(factors) if factors is not None
                  else getattr(inventory, "factor_set", None) or _factor_set(None))
    result = compute_footprint(inventory, factor_set, method=method)
    if draws:
        result.interval = interval(result, draws, seed)
        result.draws, result.seed = draws, seed
    return FootprintResult(result)


@dataclass
class ScenarioResult:
    """Trajectories, objectives and actions of a scenario: ``years``, ``bau``, ``plan``,
    ``objectives``, ``actions``, ``feasible``… as in its JSON document, and ``to_json()``."""

    result: object  # sobriete.scenario.ScenarioResult

    def to_json(self) -> dict:
        """The document of ``sobriete scenario --format json`` as a dict."""
        from .scenario_outputs import scenario_json

        return json.loads(scenario_json(self.result))

    def __getattr__(self, name: str):
        if name.startswith("_") or name == "result":
            raise AttributeError(name)
        document = self.__dict__.get("_document")
        if document is None:
            document = self.__dict__["_document"] = self.to_json()
        if name in document:
            return document[name]
        return getattr(self.result, name)


def scenario(path, *, propose: bool = False, budget=None, confidence: float | None = None, draws: int = 1000,
             seed: int = 0, factors=None) -> ScenarioResult:
    """Run a scenario file: trajectories, objectives, and with `propose` the cheapest plan.

    `budget` in euros, a number or as people type it (``"150 000 €"``, ``"150k€"``); `confidence`
    (0 < P < 1) makes the proposal meet every objective together in that share of the draws.
    """
    from .io.scenario_file import load_scenario
    from .scenario import run_scenario
    from .units import parse_money

    problems = []
    if budget is not None and not isinstance(budget, (int, float)) or isinstance(budget, bool):
        try:
            budget = parse_money(budget)
        except ValueError as exc:
            problems.append(error(_("not an amount of euros ({problem})"), problem=str(exc), column="budget", value=budget,
                                  hint=_('write e.g. 150000, "150 000 €" or "150k€"')))
    elif budget is not None and not budget >= 0:
        problems.append(error(_("must be an amount of euros ≥ 0"), column="budget", value=budget))
    if confidence is not None and not 0 < confidence < 1:
        problems.append(error(_("must be between 0 and 1 (exclusive)"), column="confidence", value=confidence))
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 0:
        problems.append(error(_("must be an integer ≥ 0"), column="draws", value=draws))
    if problems:
        raise InputErrors(problems)
    factor_set = _factor_set(factors)
    loaded = load_scenario(path, factor_set)
    result = run_scenario(loaded, factor_set, propose_plan=propose, budget=None if budget is None else float(budget),
                          draws=draws, seed=seed, confidence=confidence)
    return ScenarioResult(result)


def _bind() -> None:
    """`sobriete.footprint` and `sobriete.scenario` name the API functions (DESIGN §10).

    They are also the names of the modules sobriete/footprint.py and sobriete/scenario.py, and
    importing a submodule binds its name on the package. Both modules are imported above, before
    the functions are bound, so the package attributes stay the functions; the modules remain
    importable by their full names (``from sobriete.footprint import compute_footprint``).
    """
    package = sys.modules["sobriete"]
    for name in ("load_inventory", "footprint", "scenario", "InputErrors"):
        setattr(package, name, globals()[name])


_bind()
