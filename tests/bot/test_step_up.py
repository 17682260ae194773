"""Asking whether IOP is "a step up from" therapy asks where it sits between weekly therapy and
inpatient care: the phrase reads as the `middle ground` synonym group, not as the word "step"
of 12 Step programs, which keep their own reading."""

from __future__ import annotations

from pathlib import Path

from bot import Bot
from bot.evaluation import evaluate, load_cases

# Written before the phrases were added: 8 questions asking whether IOP is a step up.
LABELLED = Path(__file__).parent.parent / "data" / "step_up.jsonl"


def test_a_step_up_from_therapy_gets_where_iop_sits(bot: Bot) -> None:
    report = evaluate(bot, load_cases(LABELLED))
    missed = [r.message for r in report.results if not r.passed]
    assert report.rate("answer") >= 0.75, missed


def test_twelve_step_programs_keep_their_reading(bot: Bot) -> None:
    analyze = bot.answerer.index.analyzer.terms
    assert analyze("a step up from therapy") == analyze("a middle ground from therapy")
    assert "step" in analyze("what are 12 step programs")
