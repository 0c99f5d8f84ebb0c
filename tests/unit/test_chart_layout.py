"""Every chart of every example is legible: no two texts overlap and none leaves the figure.

The figures are the ones the documents draw: the scenario charts of the three
``inventories/scenario-*.yaml`` (trajectory, waterfall, cost curve; with and without their title,
in French and English), the Gantt of their feuille de route, and the report charts (categories,
BEGES) of the three ``inventories/*-2024.yaml``, built with the arguments the documents pass
(captured from ``build_report`` / ``build_roadmap``). Each figure is laid out as it is saved, then
every visible text's box (titles, axis labels, drawn tick labels, annotations, legend entries,
notes) is measured with ``get_window_extent``.
"""

from __future__ import annotations

import copy
from itertools import combinations
from pathlib import Path

import pytest

from sobriete import charts
from sobriete.documents import figures, i18n
from sobriete.io.factor_files import load_factors
from sobriete.io.inventory import load_inventory
from sobriete.io.scenario_file import load_scenario
from sobriete.scenario import run_scenario

INVENTORIES = Path(__file__).resolve().parents[2] / "inventories"
EXAMPLES = ["commune-saint-aubin", "ville-val-de-loire", "metropole-rives"]
REPORTS = ["commune-saint-aubin-2024", "ville-val-de-loire-2024", "metropole-rives-2024"]
TOLERANCE_PX = 1.0  # at the figure's dpi (100): antialiasing, not a visible overlap


# --- measuring --------------------------------------------------------------------------------------

def _visible(artist) -> bool:
    return artist.get_visible() and bool(artist.get_text().strip())


def _texts(fig) -> list:
    """Every text the figure draws (tick labels: only the ticks inside the view)."""
    found = list(fig.texts)
    for legend in fig.legends:
        found += list(legend.get_texts()) + [legend.get_title()]
    for sub in fig.subfigs:
        found += _texts(sub)
    if fig is not fig.figure:
        return found
    for ax in fig.get_axes():
        found += [ax.title, ax._left_title, ax._right_title, *ax.texts]
        for axis in (ax.xaxis, ax.yaxis):
            found += [axis.label, axis.get_offset_text()]
            for tick in axis._update_ticks():
                found += [tick.label1, tick.label2] if tick.label2.get_visible() else [tick.label1]
        legend = ax.get_legend()
        if legend is not None:
            found += list(legend.get_texts()) + [legend.get_title()]
    return [t for t in found if _visible(t)]


def legend_texts(fig) -> list[str]:
    """The entries of the figure's legends (its sub-figures' too)."""
    texts = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    return texts + [t for sub in fig.subfigs for t in legend_texts(sub)]


def layout_problems(fig) -> list[str]:
    """Texts leaving the figure, and pairs of texts whose boxes overlap by more than the tolerance."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # constrained layout runs here, as in savefig
    renderer = canvas.get_renderer()
    page = fig.bbox
    boxes = [(text.get_text().replace("\n", " "), text.get_window_extent(renderer)) for text in _texts(fig)]
    problems = []
    for label, box in boxes:
        if (box.x0 < page.x0 - TOLERANCE_PX or box.y0 < page.y0 - TOLERANCE_PX
                or box.x1 > page.x1 + TOLERANCE_PX or box.y1 > page.y1 + TOLERANCE_PX):
            problems.append(f"outside the figure: {label!r} {box.bounds} in {page.bounds}")
    for (label_a, a), (label_b, b) in combinations(boxes, 2):
        width = min(a.x1, b.x1) - max(a.x0, b.x0)
        height = min(a.y1, b.y1) - max(a.y0, b.y0)
        if width > TOLERANCE_PX and height > TOLERANCE_PX:
            problems.append(f"overlap: {label_a!r} and {label_b!r} ({width:.1f} × {height:.1f} px)")
    return problems


def test_the_measure_sees_an_overlap():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.text(0.5, 0.5, "first label")
    ax.text(0.52, 0.5, "second label")
    ax.text(0.9, 0.9, "a label running off the figure")
    problems = layout_problems(fig)
    assert any(p.startswith("overlap: 'first label'") for p in problems)
    assert any(p.startswith("outside the figure: 'a label running") for p in problems)


# --- the examples -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def factors():
    return load_factors()


@pytest.fixture(scope="module")
def results(factors):
    return {name: run_scenario(load_scenario(INVENTORIES / f"scenario-{name}.yaml", factors), factors)
            for name in EXAMPLES}


def with_band(result):
    """The result with a plan band from −15 % to +12 % of the plan (the shape the engine gives)."""
    band = copy.copy(result)
    plan = [float(v) for v in charts.scenario_document(result)["plan"]]
    object.__setattr__(band, "plan_band", {"low": [0.85 * v for v in plan], "high": [1.12 * v for v in plan]})
    return band


@pytest.mark.parametrize("titled", [False, True], ids=["in-document", "standalone"])
@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("chart", charts.CHART_STEMS)
@pytest.mark.parametrize("name", EXAMPLES)
def test_scenario_charts_are_legible(results, name, chart, lang, titled):
    fig = charts._figure(results[name], chart, lang, titled=titled)
    assert layout_problems(fig) == []


@pytest.fixture(scope="module")
def drawn(factors):
    """The examples with Monte Carlo draws: the engine gives the plan's 90 % band."""
    return {name: run_scenario(load_scenario(INVENTORIES / f"scenario-{name}.yaml", factors), factors, draws=100,
                               seed=3) for name in EXAMPLES}


@pytest.mark.parametrize("band", ["engine", "wide"])
@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("name", EXAMPLES)
def test_trajectory_with_the_plan_band(results, drawn, name, lang, band):
    result = drawn[name] if band == "engine" else with_band(results[name])
    assert result.plan_band is not None
    fig = charts._figure(result, "trajectory", lang)
    assert layout_problems(fig) == []
    assert charts.TEXTS[lang]["band"] in legend_texts(fig)
    assert len(fig.axes[0].collections) == 1  # the shaded band


def _captured(build, module, name):
    """The keyword arguments of every call to module.name made while `build` runs."""
    calls = []
    original = getattr(module, name)

    def spy(*args, **kwargs):
        calls.append((args, kwargs))
        return original(*args, **kwargs)

    setattr(module, name, spy)
    try:
        build()
    finally:
        setattr(module, name, original)
    return calls


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("name", REPORTS)
def test_report_charts_are_legible(factors, name, lang):
    from sobriete.documents.report import build_report

    inventory = load_inventory(INVENTORIES / f"{name}.yaml", factors)
    calls = _captured(lambda: build_report(inventory, factors, lang=lang, draws=50), figures, "bar_chart")
    assert len(calls) == 2  # categories, BEGES
    for args, kwargs in calls:
        assert layout_problems(figures._bar_figure(*args, **kwargs)) == []
        assert layout_problems(figures._bar_figure(*args, **{**kwargs, "show_title": True})) == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_beges_labels_are_wrapped_whole(lang):
    """The BEGES postes with their full names (no cut at 48 characters): every word is drawn."""
    from sobriete.constants import BEGES_POSTES

    s = i18n.strings(lang)
    values = {f"{p} — {s[f'beges_{p}']}": 1000.0 * (k + 1) for k, p in enumerate(BEGES_POSTES)}
    fig = figures._bar_figure(values, title=s["beges_title"], unit=s["unit_year"], lang=lang)
    assert layout_problems(fig) == []
    drawn = " ".join(t.get_text() for t in fig.axes[0].get_yticklabels()).split()
    for label in values:
        assert all(word in drawn for word in label.split())


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("name", EXAMPLES)
def test_gantt_is_legible_with_whole_words(results, factors, name, lang):
    from sobriete.documents.roadmap import build_roadmap

    calls = _captured(lambda: build_roadmap(results[name], factors, lang=lang, draws=50), figures, "gantt_chart")
    (args, kwargs), = calls
    fig = figures._gantt_figure(*args, **kwargs)
    assert layout_problems(fig) == []
    actions = args[0]
    drawn = " ".join(t.get_text() for t in fig.axes[0].get_yticklabels()).split()
    for action in actions:
        assert all(word in drawn for word in action["label"].split())  # wrapped, not cut
    legend = legend_texts(fig)
    assert figures.TEXTS[lang]["ramp"] in legend and figures.TEXTS[lang]["milestone"] in legend
