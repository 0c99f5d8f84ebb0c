"""Indicators of the feuille de route beyond carbon (DESIGN §6): straight paths from baseline to
target, the status of the latest measured value against the path, and the SMART check. Every
expected value below is computed by hand in the comment next to it."""

from __future__ import annotations

import pytest

from sobriete.indicators import (indicator_status, milestones, path_value, smart_carbon, smart_indicator)
from sobriete.plan import Action, Indicator


def up(values=None):
    # 12 % of agents trained in 2024, 70 % in 2027: +58 / 3 = +19.333… points a year
    return Indicator(id="agents", label="Agents formés", theme=4, unit="%", direction="up",
                     baseline=(2024, 12.0), target=(2027, 70.0), values=values or {})


def down(values=None):
    # average age of laptops 10 years in 2024, 6 years in 2028: −1 year a year
    return Indicator(id="age", label="Âge moyen", theme="inclusion", direction="down",
                     baseline=(2024, 10.0), target=(2028, 6.0), values=values or {})


def test_path_is_a_straight_line_then_flat():
    indicator = up()
    assert path_value(indicator, 2023) == 12.0  # before the baseline: the baseline
    assert path_value(indicator, 2024) == 12.0
    assert path_value(indicator, 2025) == pytest.approx(12 + 58 / 3)  # 31.333…
    assert path_value(indicator, 2026) == pytest.approx(12 + 2 * 58 / 3)  # 50.666…
    assert path_value(indicator, 2027) == 70.0
    assert path_value(indicator, 2030) == 70.0  # after the target: the target
    assert list(milestones(indicator)) == [2024, 2025, 2026, 2027]
    assert milestones(down()) == {2024: 10.0, 2025: 9.0, 2026: 8.0, 2027: 7.0, 2028: 6.0}


def test_without_baseline_or_target_there_is_no_path():
    indicator = Indicator(id="x", target=(2027, 5.0), values={2025: 3.0})
    assert path_value(indicator, 2025) is None and milestones(indicator) == {}
    status = indicator_status(indicator)
    assert status["status"] == "no_path" and status["met"] is None
    assert (status["latest_year"], status["latest_value"]) == (2025, 3.0)


def test_up_before_the_target_year_behind_and_on_track():
    behind = indicator_status(up({2025: 31.0}))  # path 31.333…: 0.333… short
    assert behind["status"] == "behind" and behind["met"] is False
    assert behind["gap"] == pytest.approx(1 / 3)
    assert behind["progress_measured_per_year"] == pytest.approx(19.0)  # (31 − 12) / 1
    assert behind["progress_needed_per_year"] == pytest.approx(19.5)  # (70 − 31) / 2
    assert behind["achievable"] is False  # 19.5 needed > 19 measured
    ahead = indicator_status(up({2025: 35.0}))
    assert ahead["status"] == "on_track" and ahead["met"] is True and ahead["gap"] == 0.0
    assert ahead["progress_needed_per_year"] == pytest.approx(17.5)  # (70 − 35) / 2
    assert ahead["achievable"] is True  # 17.5 ≤ 23


def test_exactly_on_the_path_is_on_track():
    status = indicator_status(up({2026: 12 + 2 * 58 / 3}))
    assert status["status"] == "on_track" and status["gap"] == 0.0


def test_down_before_at_and_after_the_target_year():
    behind = indicator_status(down({2026: 8.5}))  # path 8 in 2026: 0.5 too high
    assert behind["status"] == "behind" and behind["gap"] == pytest.approx(0.5)
    assert behind["progress_needed_per_year"] == pytest.approx(-1.25)  # (6 − 8.5) / 2
    assert behind["progress_measured_per_year"] == pytest.approx(-0.75)  # (8.5 − 10) / 2
    assert behind["achievable"] is False
    on_track = indicator_status(down({2026: 7.5}))
    assert on_track["status"] == "on_track" and on_track["achievable"] is True  # −0.75 needed, −1.25 measured
    reached = indicator_status(down({2026: 7.5, 2028: 6.0}))  # at the target year: the target reached
    assert reached["status"] == "reached" and reached["met"] is True and reached["achievable"] is True
    assert reached["progress_needed_per_year"] is None  # no year left
    missed = indicator_status(down({2029: 6.2}))  # after the target year: the target, not reached
    assert missed["status"] == "missed" and missed["met"] is False
    assert missed["path_value"] == 6.0 and missed["gap"] == pytest.approx(0.2)
    assert missed["achievable"] is False


def test_up_at_the_target_year():
    assert indicator_status(up({2027: 70.0}))["status"] == "reached"
    missed = indicator_status(up({2027: 64.0}))
    assert missed["status"] == "missed" and missed["gap"] == pytest.approx(6.0)


def test_not_measured_yet_and_progress_needed_from_the_report_year():
    status = indicator_status(up())
    assert status["status"] == "not_measured" and status["met"] is None
    assert status["progress_needed_per_year"] == pytest.approx(58 / 3)
    # a report for 2025 with no value since the baseline: (70 − 12) / (2027 − 2025)
    assert indicator_status(up(), as_of=2025)["progress_needed_per_year"] == pytest.approx(29.0)


def test_values_from_a_csv_win_and_progress_is_needed_from_the_report_year():
    status = indicator_status(up({2025: 31.0}), extra={2025: 40.0, 2026: 45.0}, as_of=2025)
    assert status["values"] == {"2025": 40.0, "2026": 45.0} and status["latest_year"] == 2026
    assert status["status"] == "behind"  # path 50.666… in 2026
    # a report for 2026 whose last measure is 2025: progress needed over the 1 year left from 2026
    later = indicator_status(up({2025: 31.0}), as_of=2026)
    assert later["latest_year"] == 2025 and later["progress_needed_per_year"] == pytest.approx(39.0)


def test_actions_moving_an_indicator_are_linked():
    action = Action(id="former", lever="fleet", value=None, start=2025, indicator="agents")
    other = Action(id="autre", lever="fleet", value=None, start=2025)
    assert indicator_status(up(), actions=[action, other])["actions"] == ["former"]


def test_smart_indicator_cases():
    assert smart_indicator(indicator_status(up({2025: 35.0}))) == {
        "specific": True, "measurable": True, "achievable": True, "relevant": True, "time_bound": True}
    bare = indicator_status(Indicator(id="x", values={2025: 1.0}))
    assert smart_indicator(bare) == {"specific": True, "measurable": False, "achievable": None,
                                     "relevant": False, "time_bound": False}
    assert smart_indicator(indicator_status(up({2025: 31.0})))["achievable"] is False


def test_smart_carbon_cases():
    record = {"met": True, "likelihood": "likely", "reference": 1000.0, "target_year": 2027}
    assert smart_carbon(record, 1.0) == {"specific": True, "measurable": True, "achievable": True,
                                         "relevant": True, "time_bound": True}
    assert smart_carbon({**record, "likelihood": "about_as_likely_as_not"}, 1.0)["achievable"] is False
    assert smart_carbon({**record, "likelihood": None}, 1.0)["achievable"] is True  # no draws: central values
    assert smart_carbon({**record, "met": False}, 1.0)["achievable"] is False
    assert smart_carbon(record, 0.05)["relevant"] is False  # covers 5 % of the footprint
