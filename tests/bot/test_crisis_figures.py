"""The crisis figures' per-category breakdown and how the training report shows it."""

from __future__ import annotations

from bot.crisis import RULE_KINDS
from bot.crisis_figures import (
    CRISIS_GRID,
    WEAKEST_SHOWN,
    CrisisFigures,
    Setting,
    Share,
    by_category,
)
from knowledge.crisis_model import DetectionFigures


def test_each_category_counts_its_emergencies_and_its_others_apart() -> None:
    rows = by_category(
        ["farewells", "farewells", "farewells", "idiom", "idiom"],
        [True, True, False, False, False],
        [True, False, True, False, False],
    )
    found = {(r.category, r.emergencies): (r.share.count, r.share.total) for r in rows}
    assert found == {
        ("farewells", True): (1, 2),
        ("farewells", False): (1, 1),
        ("idiom", False): (0, 2),
    }


def test_the_worst_handled_category_comes_first_whatever_its_kind() -> None:
    rows = by_category(
        ["plans", "plans", "past", "past", "past", "abuse"],
        [False, False, True, True, True, True],
        [True, False, True, True, False, True],
    )
    # plans: half the others alarmed (0.5 right); past: 2 of 3 caught; abuse: all caught.
    assert [r.category for r in rows] == ["plans", "past", "abuse"]
    assert [round(r.right, 2) for r in rows] == [0.5, 0.67, 1.0]


def _figures(categories: int) -> CrisisFigures:
    some = DetectionFigures(caught=9, emergencies=10, false_alarms=1, others=10)
    rows = by_category(
        [f"category {n:02d}" for n in range(categories)],
        [True] * categories,
        [n % 2 == 0 for n in range(categories)],
    )
    return CrisisFigures(
        examples=categories,
        model=some,
        combined=some,
        rules=some,
        sweep=tuple(
            (some, Setting(crisis, dict.fromkeys(RULE_KINDS, 0.5), some)) for crisis in CRISIS_GRID
        ),
        check_in_ordinary=Share(0, 1),
        check_in_distress=Share(1, 1),
        categories=rows,
    )


def test_the_report_lists_only_the_weakest_categories() -> None:
    table = _figures(WEAKEST_SHOWN + 5).table()
    assert f"the {WEAKEST_SHOWN} weakest of {WEAKEST_SHOWN + 5} categories" in table
    listed = [line for line in table.splitlines() if line.strip().startswith("category ")]
    assert len(listed) == WEAKEST_SHOWN
    assert all("0.0% (0/1)" in line for line in listed[: (WEAKEST_SHOWN + 5) // 2])


def test_a_setting_line_names_a_veto_that_never_lets_a_rule_stand_alone() -> None:
    some = DetectionFigures(caught=1, emergencies=2, false_alarms=0, others=2)
    line = Setting(0.7, {"always": 0.0, "acute": 1.01}, some).line()
    assert "acute off" in line and "always 0.00" in line
