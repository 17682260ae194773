"""A therapy the articles never name ("is equine therapy offered") gets the other-care decline,
worked out from the words the index knows; the therapies they describe, and everyday words for
them ("talk therapy", "online therapy"), are answered."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot import Bot
from bot.answering import Answerer
from bot.declines import DeclineRule
from bot.evaluation import evaluate, load_cases
from knowledge.index import KnowledgeIndex

# Written before the rule: 25 therapies the articles never name, 15 questions they answer.
LABELLED = Path(__file__).parent.parent / "data" / "named_therapies.jsonl"


def test_the_labelled_questions_stay_above_their_floors(bot: Bot) -> None:
    report = evaluate(bot, load_cases(LABELLED))
    missed = [r.message for r in report.results if not r.passed]
    assert report.rate("decline") >= 0.85, missed
    assert report.rate("answer") >= 0.85, missed


@pytest.mark.parametrize(
    "question",
    [
        "is equine therapy offered at iops",
        "what is acceptance and commitment therapy",
        "do programs use sand tray therapy",
    ],
)
def test_a_therapy_the_articles_never_name_is_declined(
    bot: Bot, decline_rule: Callable[[str], DeclineRule], question: str
) -> None:
    reply = bot.reply(question)
    assert reply.intent == "fallback"
    assert reply.answer.startswith(decline_rule("other_care").reply)


@pytest.mark.parametrize(
    "question",
    [
        "does iop include talk therapy",
        "is group therapy part of iop",
        "my son hates therapy, would an iop be different",
        "what does the program cover besides therapy",
    ],
)
def test_words_the_articles_use_or_that_name_nothing_are_not_declined(
    bot: Bot, decline_rule: Callable[[str], DeclineRule], question: str
) -> None:
    assert not bot.reply(question).answer.startswith(decline_rule("other_care").reply)


def test_a_therapy_an_article_names_is_answered(
    index: KnowledgeIndex,
    decline_rule: Callable[[str], DeclineRule],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What the articles name is read from the index: once an article uses "equine" (here, as
    if it did), the bot built on it no longer declines equine therapy."""
    question = "is equine therapy offered at iops"
    before = Bot(index)
    knows = Answerer.knows_word
    monkeypatch.setattr(
        Answerer, "knows_word", lambda self, word: word == "equine" or knows(self, word)
    )
    after = Bot(index)
    declined = decline_rule("other_care").reply
    assert before.reply(question).answer.startswith(declined)
    assert not after.reply(question).answer.startswith(declined)
