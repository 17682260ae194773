"""The shares that decide whether a follow-up is read with its conversation's topic are
settings (`BotSettings`), not numbers in the code: each moves some follow-up's reply."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bot import Bot
from bot.evaluation import load_cases

DATA = Path(__file__).resolve().parents[1] / "data"
FILES = ("followups_tuning.jsonl", "answers_tuning_wrapped2.jsonl")


@pytest.fixture(scope="module")
def followups() -> list[dict[str, Any]]:
    return [case for name in FILES for case in load_cases(DATA / name) if case.get("context")]


def _replies(bot: Bot, cases: list[dict[str, Any]]) -> list[str]:
    found = []
    for case in cases:
        context = None
        for earlier in case["context"]:
            context = bot.reply(earlier, context).context
        found.append(bot.reply(case["q"], context).answer)
    return found


@pytest.fixture(scope="module")
def shipped(bot: Bot, followups: list[dict[str, Any]]) -> list[str]:
    return _replies(bot, followups)


@pytest.mark.parametrize(
    ("setting", "value"),
    [("topic_keep_share", 0.0), ("topic_leave_share", 1.0), ("topic_min_coverage", 0.0)],
)
def test_each_share_of_reading_with_the_topic_moves_some_follow_up(
    bot: Bot, followups: list[dict[str, Any]], shipped: list[str], setting: str, value: float
) -> None:
    changed = Bot(bot.index, replace(bot.settings, **{setting: value}), data=bot.data)
    assert _replies(changed, followups) != shipped
