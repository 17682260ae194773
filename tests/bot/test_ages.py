"""A minor's age ("a 16 year old", "im 15", "our son (16)") is read as "teenager" in the lookup,
so it finds what the articles say of adolescents; adults' ages and other numbers are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import Bot
from bot.conversation import Conversation
from bot.evaluation import evaluate, load_cases

# Written before the ages were read: 16 questions about a minor that name an age, not "teen".
LABELLED = Path(__file__).parent.parent / "data" / "ages.jsonl"


def test_questions_that_give_a_minors_age_get_the_adolescent_answer(bot: Bot) -> None:
    report = evaluate(bot, load_cases(LABELLED))
    missed = [r.message for r in report.results if not r.passed]
    assert report.rate("answer") >= 0.9, missed


@pytest.mark.parametrize(
    ("message", "read"),
    [
        ("is iop ok for a 16 year old", "teenager"),
        ("my 15yo needs help", "teenager"),
        ("im 17 can i do iop", "teenager"),
        ("our son (14) drinks", "teenager"),
    ],
)
def test_a_minors_age_is_read_as_teenager(bot: Bot, message: str, read: str) -> None:
    assert read in bot.answerer.without_background(message, message).split()


@pytest.mark.parametrize(
    "message",
    [
        "im 45 and drink too much, is iop for me",
        "what happens if im 10 min late to group",
        "iop is 12 weeks long right",
        "my 30 year old son drinks",
    ],
)
def test_adults_ages_and_other_numbers_are_not(bot: Bot, message: str) -> None:
    assert "teenager" not in bot.answerer.without_background(message, message)


@pytest.mark.parametrize(
    "message",
    [
        "im 45 and drink too much, is iop for me",
        "my son is 30 and drinks every day, can iop help him",
    ],
)
def test_an_adults_age_does_not_draw_the_adolescent_passage(bot: Bot, message: str) -> None:
    best = bot.answerer.decide(message, message, Conversation()).best
    assert best is None or "adolescent" not in best.hit.passage.id
