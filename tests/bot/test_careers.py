"""Questions about working in the field (becoming a counselor, licences, exams, jobs, pay) get
their own decline; questions about the staff's qualifications or the visitor's own work during
IOP are answered."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot import Bot
from bot.declines import DeclineRule
from bot.evaluation import evaluate, load_cases

# Written before the decline file: 20 questions about careers, 10 look-alikes the articles answer.
LABELLED = Path(__file__).parent.parent / "data" / "careers.jsonl"


def test_the_labelled_questions_stay_above_their_floors(bot: Bot) -> None:
    report = evaluate(bot, load_cases(LABELLED))
    missed = [r.message for r in report.results if not r.passed]
    assert report.rate("decline") >= 0.9, missed
    assert report.rate("answer") == 1.0, missed


@pytest.mark.parametrize(
    "question",
    [
        "im a nurse, can i do iop and still work my shifts",
        "I'm an LICSW in private practice, what's the intake process for a client I refer?",
        "are the therapists in iop licensed",
    ],
)
def test_a_workers_title_or_the_staff_is_not_a_career_question(
    bot: Bot, decline_rule: Callable[[str], DeclineRule], question: str
) -> None:
    assert not bot.reply(question).answer.startswith(decline_rule("careers").reply)
