"""User text in charts is text: a `$` in a name is never matplotlib mathtext (which would crash on
an odd number of `$` or render `$x^2$` as a formula)."""

from __future__ import annotations

from sobriete.documents import figures


def test_dollar_signs_in_labels_are_plain_text():
    svg = figures.bar_chart({"$x^2$ serveur": 10.0, "odd $ sign": 5.0, r"\frac{a}{b}$": 2.0}, title="t", lang="fr",
                            unit="kgCO2e")
    assert "$x^2$ serveur" in svg and "odd $ sign" in svg
    gantt = figures.gantt_chart([{"id": "a", "label": "Action $ bizarre $x$", "start": 2025, "ramp": 1, "theme": 1,
                                  "steps": [], "selected": True}], [2024, 2025, 2026], title="g", lang="fr")
    assert "$x$" in gantt
