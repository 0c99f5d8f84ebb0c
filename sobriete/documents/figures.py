"""Charts of the documents (footprint breakdowns, Gantt of the actions), as SVG text.

matplotlib is imported lazily (only documents draw charts). Output is deterministic: a fixed
SVG hash salt, no date in the metadata, text kept as text.
"""

from __future__ import annotations

import io

from . import i18n

PALETTE = ["#000091", "#E1000F", "#009081", "#FFB7A5", "#6A6AF4", "#C3992A", "#A558A0", "#7D4E5B", "#3558A2",
           "#8D533E"]  # colour-blind-safe enough on bars (one colour per bar group), DSFR-like


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.hashsalt": "sobriete", "svg.fonttype": "none", "font.size": 10,
                         "axes.spines.top": False, "axes.spines.right": False})
    return plt


def _svg(fig) -> str:
    plt = _pyplot()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return buffer.getvalue()


def _formatter(lang: str, digits: int = 0):
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda x, _pos: i18n.fmt_number(x, lang, digits))


def bar_chart(values: dict, *, title: str, unit: str, lang: str, top: int = 12, other_label: str = "") -> str:
    """Horizontal bars, largest first; beyond `top`, the rest is grouped."""
    plt = _pyplot()
    items = sorted(((k, v) for k, v in values.items() if v), key=lambda kv: -kv[1])
    if len(items) > top:
        rest = sum(v for _, v in items[top - 1:])
        items = items[: top - 1] + [(other_label or "…", rest)]
    labels = [str(k) for k, _ in items][::-1]
    numbers = [v for _, v in items][::-1]
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * max(3, len(items)) + 1.0))
    bars = ax.barh(labels, numbers, color=PALETTE[0])
    ax.xaxis.set_major_formatter(_formatter(lang))
    ax.set_xlabel(unit)
    ax.set_title(title, loc="left")
    total = sum(v for _, v in items) or 1.0
    for bar, number in zip(bars, numbers):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, " " + i18n.fmt_percent(number / total, lang),
                va="center", fontsize=8)
    ax.margins(x=0.12)
    return _svg(fig)


def gantt_chart(actions: list[dict], years: list[int], *, title: str, lang: str) -> str:
    """One bar per action from its start (ramp shaded lighter), with its dated steps as markers."""
    plt = _pyplot()
    rows = list(reversed(actions))
    fig, ax = plt.subplots(figsize=(8.5, 0.42 * max(3, len(rows)) + 1.2))
    end = years[-1] + 1
    for y, action in enumerate(rows):
        start = action["start"]
        ramp_end = min(end, start + action.get("ramp", 1))
        colour = PALETTE[(action.get("theme") or 0) % len(PALETTE)]
        ax.broken_barh([(start, ramp_end - start)], (y - 0.3, 0.6), facecolors=colour, alpha=0.45)
        if ramp_end < end:
            ax.broken_barh([(ramp_end, end - ramp_end)], (y - 0.3, 0.6), facecolors=colour)
        for step in action.get("steps", []):
            position = _date_position(step.get("date", ""))
            if position is not None:
                ax.plot([position], [y], marker="D", color="#161616", markersize=4)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([a["label"][:60] for a in rows], fontsize=8)
    ax.set_xlim(years[0], end)
    ax.set_xticks(years)
    ax.set_xticklabels([str(y) for y in years], fontsize=8)
    ax.grid(axis="x", color="#ddd")
    ax.set_title(title, loc="left")
    return _svg(fig)


def _date_position(text: str) -> float | None:
    """'2025-03' → 2025 + 2/12; '2025' → 2025; anything else → None."""
    parts = str(text).split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
    except ValueError:
        return None
    return year + (month - 1) / 12
