"""Questions that ask who IOP is for in other words read as the `suitable` synonym group, as
"who is it for" does: "who can benefit" and its modal siblings (not the `benefit` group, how
IOP helps), and "do i qualify for" (not "qualified", which stems alike and asks whether the
staff are `licensed`). They get the passage that says who IOP suits."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import Bot
from bot.evaluation import evaluate, load_cases

# Written before the phrases were added: 8 questions asking who would benefit from IOP, then
# 8 asking who qualifies for it.
LABELLED = Path(__file__).parent.parent / "data" / "who_is_it_for.jsonl"


def test_who_would_benefit_or_qualify_gets_who_iop_is_for(bot: Bot) -> None:
    report = evaluate(bot, load_cases(LABELLED))
    missed = [r.message for r in report.results if not r.passed]
    assert report.rate("answer") >= 0.9, missed


@pytest.mark.parametrize("message", ["who would benefit from iop", "do i qualify for iop"])
def test_the_question_reads_as_who_is_it_for(bot: Bot, message: str) -> None:
    analyze = bot.answerer.index.analyzer.terms
    assert analyze(message) == analyze("who is it for iop")


def test_qualified_staff_still_reads_as_licensed(bot: Bot) -> None:
    analyze = bot.answerer.index.analyzer.terms
    assert analyze("are the therapists qualified") == analyze("are the therapists licensed")
