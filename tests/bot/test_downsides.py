"""Asking for IOP's downsides in everyday words ("anything bad about", "the negatives of",
"the down side") reads as the `challenges` synonym group, as "downsides" and "cons" do, so it
gets what the articles say IOPs struggle with or whom IOP does not suit. The words "bad" and
"negative" alone keep their own senses ("i feel bad about relapsing")."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import Bot
from bot.evaluation import evaluate, load_cases

# Written before the phrases were added: 8 questions asking what is bad about IOP.
LABELLED = Path(__file__).parent.parent / "data" / "downsides.jsonl"


def test_what_is_bad_about_iop_gets_its_challenges(bot: Bot) -> None:
    report = evaluate(bot, load_cases(LABELLED))
    missed = [r.message for r in report.results if not r.passed]
    assert report.rate("answer") >= 0.7, missed


@pytest.mark.parametrize(
    "message", ["i feel bad about relapsing", "negative side effects of my meds", "my bad"]
)
def test_bad_and_negative_alone_are_not_challenges(bot: Bot, message: str) -> None:
    terms = bot.answerer.index.analyzer.terms(message)
    assert "challeng" not in terms
