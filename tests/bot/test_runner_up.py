"""An answer adds the runner-up passage's best sentence when the two are about as likely: the
articles often say the same thing in other words, and the visitor gets both."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot import Bot
from bot.evaluation import evaluate, load_cases
from bot.settings import BotSettings
from knowledge.index import KnowledgeIndex

TUNING = Path(__file__).resolve().parents[1] / "data" / "answers_tuning.jsonl"


@pytest.fixture(scope="module")
def messages() -> list[str]:
    return [case["q"] for case in load_cases(TUNING) if case["kind"] == "answer"]


@pytest.fixture(scope="module")
def alone(index: KnowledgeIndex) -> Bot:
    """A bot that never adds the runner-up."""
    return Bot(index, replace(BotSettings(), runner_up_share=1.01))


def _labels(bot: Bot) -> tuple[str, str]:
    return bot.messages["also_other_article"], bot.messages["also_same_article"]


def _added(bot: Bot, body: str) -> bool:
    return any(f"\n\n{label} " in body for label in _labels(bot))


def test_a_close_runner_up_adds_its_best_sentence_and_its_source(
    bot: Bot, alone: Bot, messages: list[str]
) -> None:
    added = 0
    for message in messages:
        reply, single = bot.reply(message), alone.reply(message)
        if reply.intent != "answer" or not _added(bot, reply.body):
            assert reply.body == single.body
            continue
        added += 1
        first, rest = reply.body.split("\n\n", 1)
        assert first == single.body  # the answer itself is unchanged
        assert len(reply.sources) == 2 and reply.sources[0] == single.sources[0]
        label = rest.split(" ", 3)[:3]
        other_file = reply.sources[1]["file"] != reply.sources[0]["file"]
        expected = _labels(bot)[0 if other_file else 1]
        assert " ".join(label[: len(expected.split())]) == expected
        sentence = rest[len(expected) + 1 :]
        assert sentence and not sentence.startswith("- ")
        assert sentence[-30:] not in first
    assert 0 < added < len(messages) // 2


def test_the_added_sentence_comes_from_the_runner_up_passage(bot: Bot, messages: list[str]) -> None:
    passages = {p.id: p for p in bot.answerer.index.passages}
    checked = 0
    for message in messages:
        reply = bot.reply(message)
        named = [line for line in bot.explain(message) if line.startswith("adds the runner-up")]
        assert bool(named) == (reply.intent == "answer" and _added(bot, reply.body))
        if not named:
            continue
        runner_up = passages[named[0].rsplit(" ", 1)[1]]
        assert reply.sources[1] == runner_up.source()
        sentence = reply.body.split("\n\n", 1)[1]
        assert " ".join(sentence.split()[-4:]) in " ".join(runner_up.answer.split())
        checked += 1
    assert checked


def test_a_lower_share_adds_more_often_and_never_costs_an_answer(
    index: KnowledgeIndex, bot: Bot, alone: Bot, messages: list[str]
) -> None:
    lower = Bot(index, replace(BotSettings(), runner_up_share=0.5))
    counts = [sum(_added(b, b.reply(m).body) for m in messages) for b in (alone, bot, lower)]
    assert counts[0] == 0 and counts[0] < counts[1] < counts[2]
    cases = load_cases(TUNING)
    assert evaluate(bot, cases).rate("answer") >= evaluate(alone, cases).rate("answer")


def test_best_sentence_is_one_sentence_of_the_passage(bot: Bot, index: KnowledgeIndex) -> None:
    match = index.match(index.query("group therapy coping skills"))
    for hit in index.rank(match, limit=5):
        sentence = bot.answerer.extractor.best_sentence(hit, match, "group therapy coping skills")
        assert sentence and not sentence.startswith(("- ", "So, ", "However, "))
        assert sentence[-20:] in " ".join(hit.passage.answer.split())
