"""Charts of the documents (footprint breakdowns, Gantt of the actions), as SVG text.

matplotlib is imported lazily (only documents draw charts), and the figures are built with
``matplotlib.figure.Figure`` directly, never through pyplot (nothing registered globally, the
caller's backend left alone). Each figure is laid out once by constrained layout, then drawn once,
at its own size: no ``bbox_inches="tight"``, which draws every figure twice (``lay_out_once``).

Output is deterministic: a fixed SVG hash salt per chart, no date in the metadata, text kept as
text, the fonts pinned to DejaVu Sans (shipped with matplotlib).

The document captions every chart (``<figcaption>``, the Markdown image text), so the title is
not drawn in the figure by default (``show_title``): it becomes the SVG ``<title>`` instead.
Long labels are wrapped on word boundaries, never cut.
"""

from __future__ import annotations

import io
import textwrap

from ..charts import lay_out_once
from . import i18n

PALETTE = ["#000091", "#E1000F", "#009081", "#FFB7A5", "#6A6AF4", "#C3992A", "#A558A0", "#7D4E5B", "#3558A2",
           "#8D533E"]  # colour-blind-safe enough on bars (one colour per bar group), DSFR-like
MILESTONE = "#161616"

TEXTS = {
    "fr": {"ramp": "Montée en charge (effet partiel)", "full": "Plein effet", "milestone": "Étape datée",
           "theme": "Thème {n} : {name}"},
    "en": {"ramp": "Ramp-up (partial effect)", "full": "Full effect", "milestone": "Dated step",
           "theme": "Theme {n}: {name}"},
}

LABEL_SIZE = 8.0
BAR_LABEL_CHARS = 44    # bar_chart: category and BEGES names wrapped at this width
GANTT_LABEL_CHARS = 46  # gantt_chart: action names wrapped at this width
LEGEND_CHARS = 95


def _rc(salt: str) -> dict:
    return {"svg.hashsalt": f"sobriete-{salt}",  # fixed: stable ids; per chart: distinct ids when inlined together
            "svg.fonttype": "none", "font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"],
            "font.size": 10, "axes.spines.top": False, "axes.spines.right": False, "legend.frameon": False,
            "path.simplify": False,
            "text.parse_math": False}  # user text ($…$ in a name) is text, never matplotlib mathtext


def _svg(fig, salt: str) -> str:
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context(_rc(salt)):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Title": " ".join(fig.get_label().split())})
    fig.clear()
    return buffer.getvalue()


def _formatter(lang: str, digits: int = 0):
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda x, _pos: i18n.fmt_number(x, lang, digits))


def wrap(text: str, width: int) -> str:
    """Lines of at most ``width`` characters, broken between words (a longer word stays whole)."""
    return "\n".join(textwrap.wrap(str(text), width, break_long_words=False, break_on_hyphens=False)) or str(text)


def _suptitle(fig, title: str) -> None:
    """The title at the figure's top left (not over the axes: long tick labels push the axes right)."""
    fig.suptitle(wrap(title, 80), x=0.01, ha="left", fontsize=11)


def _bar_figure(values: dict, *, title: str, unit: str, lang: str, top: int = 12, other_label: str = "",
                show_title: bool = False):
    import matplotlib
    from matplotlib.figure import Figure

    items = sorted(((k, v) for k, v in values.items() if v), key=lambda kv: -kv[1])
    if len(items) > top:
        rest = sum(v for _, v in items[top - 1:])
        items = items[: top - 1] + [(other_label or "…", rest)]
    labels = [wrap(k, BAR_LABEL_CHARS) for k, _ in items][::-1]
    numbers = [v for _, v in items][::-1]
    lines = sum(max(2, label.count("\n") + 1) for label in labels)
    with matplotlib.rc_context(_rc("bars")):
        fig = Figure(figsize=(7.5, 0.2 * max(6, lines) + 0.9 + (0.3 if show_title else 0.0)), layout="constrained")
        fig.set_label(title)
        ax = fig.add_subplot()
        positions = list(range(len(labels)))
        bars = ax.barh(positions, numbers, color=PALETTE[0])
        ax.set_yticks(positions, labels, fontsize=LABEL_SIZE + 1)
        ax.xaxis.set_major_formatter(_formatter(lang))
        ax.set_xlabel(unit)
        if show_title:
            _suptitle(fig, title)
        total = sum(v for _, v in items) or 1.0
        for bar, number in zip(bars, numbers):
            ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2,
                    " " + i18n.fmt_percent(number / total, lang), va="center", fontsize=LABEL_SIZE)
        ax.margins(x=0.12)
    return lay_out_once(fig)


def bar_chart(values: dict, *, title: str, unit: str, lang: str, top: int = 12, other_label: str = "",
              show_title: bool = False) -> str:
    """Horizontal bars, largest first; beyond `top`, the rest is grouped. Labels of any length are
    wrapped; `title` is the SVG title (drawn too with `show_title`: the document captions the chart)."""
    fig = _bar_figure(values, title=title, unit=unit, lang=lang, top=top, other_label=other_label,
                      show_title=show_title)
    return _svg(fig, f"bars-{title}")


def _gantt_figure(actions: list[dict], years: list[int], *, title: str, lang: str, show_title: bool = False):
    import matplotlib
    from matplotlib.colors import to_rgba
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    t = TEXTS[lang]
    rows = list(reversed(actions))
    labels = [wrap(a["label"], GANTT_LABEL_CHARS) for a in rows]
    lines_per_row = max([label.count("\n") + 1 for label in labels] + [1])
    row_in = 0.17 * lines_per_row + 0.14
    themes = sorted({a.get("theme") for a in actions}, key=lambda th: (th is None, th or 0))
    theme_names = i18n.THEMES.get(lang, i18n.THEMES["fr"])
    legend_labels = [wrap(t["theme"].format(n=th, name=theme_names[th]) if th else i18n.strings(lang)["theme_none"],
                          LEGEND_CHARS) for th in themes]
    legend_lines = sum(label.count("\n") + 1 for label in legend_labels) + 2
    height = row_in * max(3, len(rows)) + 0.8 + 0.2 * legend_lines + (0.3 if show_title else 0.0)
    with matplotlib.rc_context(_rc("gantt")):
        fig = Figure(figsize=(9.5, height), layout="constrained")
        fig.set_label(title)
        ax = fig.add_subplot()
        end = years[-1] + 1
        ramps, fulls, steps = ([], [], []), ([], [], []), ([], [])  # one artist each: (y, start, width, colour)
        for y, action in enumerate(rows):
            start = action["start"]
            ramp_end = min(end, start + action.get("ramp", 1))
            colour = to_rgba(PALETTE[(action.get("theme") or 0) % len(PALETTE)])
            for bars, left, right, alpha in ((ramps, start, ramp_end, 0.45), (fulls, ramp_end, end, 1.0)):
                if right > left:
                    bars[0].append(y)
                    bars[1].append((left, right - left))
                    bars[2].append((*colour[:3], alpha))
            for step in action.get("steps", []):
                position = _date_position(step.get("date", ""))
                if position is not None:
                    steps[0].append(position)
                    steps[1].append(y)
        for ys, spans, colours in (ramps, fulls):
            if ys:
                ax.barh(ys, [w for _, w in spans], left=[x for x, _ in spans], height=0.6, color=colours,
                        linewidth=0)
        if steps[0]:
            ax.plot(steps[0], steps[1], marker="D", color=MILESTONE, markersize=4, linestyle="none")
        ax.set_yticks(range(len(rows)), labels, fontsize=LABEL_SIZE)
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.set_xlim(years[0], end)
        ax.set_xticks(years, [str(y) for y in years], fontsize=LABEL_SIZE)
        ax.grid(axis="x", color="#ddd")
        ax.set_axisbelow(True)
        if show_title:
            _suptitle(fig, title)
        handles = [Patch(facecolor=PALETTE[(th or 0) % len(PALETTE)], label=label)
                   for th, label in zip(themes, legend_labels)]
        handles += [Patch(facecolor="#888888", alpha=0.45, label=t["ramp"]),
                    Patch(facecolor="#888888", label=t["full"]),
                    Line2D([], [], marker="D", color=MILESTONE, markersize=4, linestyle="none", label=t["milestone"])]
        fig.legend(handles=handles, loc="outside lower left", ncols=1, fontsize=LABEL_SIZE)
    return lay_out_once(fig)


def gantt_chart(actions: list[dict], years: list[int], *, title: str, lang: str, show_title: bool = False) -> str:
    """One bar per action from its start (ramp shaded lighter), with its dated steps as markers, and
    a legend of the themes, the ramp and the steps; `title` is the SVG title (drawn with `show_title`)."""
    return _svg(_gantt_figure(actions, years, title=title, lang=lang, show_title=show_title), "gantt")


def _date_position(text: str) -> float | None:
    """'2025-03' → 2025 + 2/12; '2025' → 2025; anything else → None."""
    parts = str(text).split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
    except ValueError:
        return None
    return year + (month - 1) / 12
