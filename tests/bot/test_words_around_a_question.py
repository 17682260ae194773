"""Words typed around a question that say nothing of it (chat filler, "ngl ... lol"; courtesies,
"quick question, ... thanks in advance"; when something happened, "last week") leave its answer
alone."""

from __future__ import annotations

import pytest

from bot import Bot
from bot.evaluation import load_cases
from bot.training import golden_set_path
from knowledge.build import KnowledgeConfig

# Chat filler as visitors type it around a question.
FILLER = [
    ("ngl", "lol"),
    ("hey", "thx"),
    ("omg", "btw"),
    ("ok so", "lmk"),
    ("hmm", "fr"),
    ("haha", "smh"),
    ("alright so", "ty"),
    ("imo", "haha"),
]


# Courtesies before and after a question.
COURTESIES = [
    ("quick question,", "thanks in advance"),
    ("sorry if this is a dumb question but", "any help appreciated"),
    ("i was wondering,", "if that makes sense"),
    ("hoping someone can help,", "thank you so much"),
    ("excuse me, could you tell me", "much appreciated"),
    ("good evening,", "have a great day"),
]

# When something happened: it dates the visitor's story and asks nothing of how long IOP lasts.
DATES = [
    ("last week", ""),
    ("a couple of weeks ago", ""),
    ("since last month", ""),
    ("yesterday", ""),
    ("", "for the past few months"),
    ("", "three days ago"),
]


@pytest.mark.parametrize(
    "wrappings", [FILLER, COURTESIES, DATES], ids=["filler", "courtesies", "dates"]
)
def test_words_around_a_golden_question_change_neither_the_intent_nor_the_passage(
    bot: Bot, knowledge_config: KnowledgeConfig, wrappings: list[tuple[str, str]]
) -> None:
    cases = [c for c in load_cases(golden_set_path(knowledge_config)) if c["kind"] == "answer"]
    assert len(cases) >= 20
    changed = []
    for number, case in enumerate(cases):
        opener, closer = wrappings[number % len(wrappings)]
        question = case["q"]
        plain = bot.reply(question)
        wrapped = bot.reply(f"{opener} {question} {closer}")
        if (wrapped.intent, wrapped.context.get("topic")) != (
            plain.intent,
            plain.context.get("topic"),
        ):
            changed.append(f"{opener} ... {closer}: {question}")
    assert not changed, changed


@pytest.mark.parametrize("message", ["can a 12 year old go", "is iop ok for a 12yo"])
def test_an_age_is_not_a_figure_the_articles_give(bot: Bot, message: str) -> None:
    # "12" once drew "12 Step Programs: ...", the articles' only other "12" is "6-12 weeks".
    assert "12 Step" not in bot.reply(message).body


def test_a_question_with_an_age_keeps_its_answer(bot: Bot) -> None:
    plain = bot.reply("my son is vaping, is there a program for teens")
    aged = bot.reply("my 15 year old son is vaping, is there a program for teens")
    assert plain.intent == aged.intent == "answer"
    assert aged.context["topic"] == plain.context["topic"]
