"""The scenario model: objectives, actions and levers (DESIGN.md §6). Plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

from .levers import DEFAULT_ENERGY_SAVED, LEVERS, LeverValue  # noqa: F401 - the levers' one place

# IPCC AR6 calibrated likelihood language (Mastrandrea et al. 2010 guidance note, used by AR5 and
# AR6): the term for the probability that an objective is met, from the most to the least likely.
LIKELIHOODS = (
    ("virtually_certain", 0.99, True),  # (term, threshold, threshold included)
    ("very_likely", 0.90, True),
    ("likely", 0.66, True),
    ("about_as_likely_as_not", 0.33, False),
    ("unlikely", 0.10, False),
    ("very_unlikely", 0.01, False),
)
LIKELY_ENOUGH = ("virtually_certain", "very_likely", "likely")  # a status may say "met" alone


def likelihood(probability: float | None) -> str | None:
    """The IPCC AR6 term for `probability` (DESIGN §6); None without a probability."""
    if probability is None:
        return None
    for term, threshold, included in LIKELIHOODS:
        if probability > threshold or (included and probability >= threshold):
            return term
    return "exceptionally_unlikely"


METRICS = ("total", "embodied", "use", "per_agent", "per_inhabitant")
SELECTORS = ("category", "section", "service", "site")
# An objective on an indicator of the feuille de route (DESIGN §6): `metric: indicator:<id>`; an action
# names the indicator it moves with `kpi: indicator:<id>`.
INDICATOR_PREFIX = "indicator:"
# The six themes of the décret 2022-1084 (stratégie numérique responsable), and the themes of a
# feuille de route numérique territoriale beyond them (DESIGN §6).
REEN_THEMES = (1, 2, 3, 4, 5, 6)
SEED_THEMES = ("inclusion", "connectivity", "services", "data", "cybersecurity", "economy")
TRAINING_THEME = 4  # "sensibilisation des élus et des agents": its indicators measure training
DIRECTIONS = ("up", "down")


@dataclass
class Objective:
    id: str
    metric: str
    reference_year: int | None
    target_year: int | None
    reduction: float | None = None
    annual_reduction: float | None = None
    reference_value: float | None = None
    label: str = ""
    indicator: str = ""
    position: int = 0

    @property
    def kind(self) -> str:
        return "reduction" if self.reduction is not None else "annual_reduction"


@dataclass
class Action:
    id: str
    lever: str
    value: LeverValue
    start: int
    target: dict = field(default_factory=dict)  # selector → list of accepted values
    ramp: int = 1
    cost: float = 0.0  # EUR, one-off
    annual_cost: float = 0.0  # EUR per year, negative for savings
    label: str = ""
    theme: int | None = None
    owner: str = ""
    actors: list = field(default_factory=list)
    steps: list = field(default_factory=list)  # [{"date": "2025-03", "label": "…"}]
    kpi: str = ""
    kpi_targets: dict = field(default_factory=dict)
    indicator: str = ""  # the id of the indicator the action moves (`kpi: indicator:<id>`), else ""
    energy_saved: float = DEFAULT_ENERGY_SAVED
    notes: str = ""
    position: int = 0

    def years_run(self, horizon: int) -> int:
        """Years with an annual cost: from its start to the horizon, both included."""
        return max(0, horizon - self.start + 1)

    def investment(self, horizon: int) -> float:
        """The one-off cost (investissement)."""
        return float(self.cost)

    def operating(self, horizon: int) -> float:
        """annual_cost × years, savings (negative) included (fonctionnement)."""
        return float(self.annual_cost) * self.years_run(horizon)

    def spending(self, horizon: int) -> float:
        """What must be budgeted: cost + positive annual costs × years (savings not deducted)."""
        return float(self.cost) + max(0.0, float(self.annual_cost)) * self.years_run(horizon)

    def total_cost(self, horizon: int) -> float:
        """The net cost: investment + operating = cost + annual_cost × (horizon − start + 1) (DESIGN §6)."""
        return self.investment(horizon) + self.operating(horizon)

    def ramp_fraction(self, year: int) -> float:
        """Share of the full effect in `year`: min(1, (year − start + 1) / ramp), 0 before start."""
        if year < self.start:
            return 0.0
        return min(1.0, (year - self.start + 1) / self.ramp)


@dataclass
class Indicator:
    """A SMART indicator of the feuille de route beyond carbon (DESIGN §6), measured each year.

    ``baseline`` and ``target`` are ``(year, value)`` or None (the SMART check then says the
    indicator is not measurable or not time-bound); ``values`` maps a year to a measured value.
    """

    id: str
    label: str = ""
    theme: int | str | None = None  # 1–6 (REEN) or one of SEED_THEMES
    unit: str = ""
    direction: str = "up"  # up: higher is better; down: lower is better
    baseline: tuple | None = None  # (year, value)
    target: tuple | None = None  # (year, value)
    values: dict = field(default_factory=dict)  # year → measured value
    source: str = ""
    owner: str = ""
    frequency: str = ""  # when it is measured (free text), for the evaluation framework
    position: int = 0

    @property
    def is_training(self) -> bool:
        return self.theme == TRAINING_THEME


@dataclass
class IndicatorObjective:
    """An objective on an indicator (`metric: indicator:<id>`): kept apart from the carbon objectives,
    which the trajectory engine checks; its path and status come from ``sobriete.indicators``."""

    id: str
    indicator: str  # the indicator id
    label: str = ""
    position: int = 0

    @property
    def metric(self) -> str:
        return INDICATOR_PREFIX + self.indicator

    @property
    def kind(self) -> str:
        return "indicator"


@dataclass
class Scenario:
    path: str
    inventory: object  # the baseline Inventory
    horizon: int
    method: str = "amortized"
    trend: dict = field(default_factory=dict)  # section or category id → yearly growth rate
    drift: dict = field(default_factory=dict)  # factor id → yearly change rate
    objectives: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    funding: str = ""
    partners: str = ""
    title: str = ""
    notes: list = field(default_factory=list)  # warnings about the file that do not stop it (Note or str)
    # The feuille de route beyond carbon (DESIGN §6): the territorial diagnostic (free texts by key),
    # the indicators and the objectives on them. The carbon engine never reads these.
    diagnostic: dict = field(default_factory=dict)
    indicators: list = field(default_factory=list)  # Indicator
    indicator_objectives: list = field(default_factory=list)  # IndicatorObjective

    def indicator(self, indicator_id: str):
        return next((i for i in self.indicators if i.id == indicator_id), None)

    @property
    def baseline_year(self) -> int:
        return self.inventory.year

    @property
    def years(self) -> list[int]:
        return list(range(self.baseline_year, self.horizon + 1))
