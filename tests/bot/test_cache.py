"""The reply cache answers repeats exactly as the bot does, keeps no messages, and stays bounded."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot import Bot
from bot.cache import CachedBot, reply_key, with_cache
from bot.conversation import Conversation
from bot.errors import InvalidContextError, InvalidMessageError
from knowledge.index import KnowledgeIndex

CONVERSATION = (
    "hi",
    "How long does IOP last?",
    "is there one for teens?",
    "I want to kill myself",
    "what does it cost?",
    "thanks",
    "How long does IOP last?",
)


class CountingBot(Bot):
    """A bot that counts how often it really answers."""

    answered = 0

    def answer(self, message: str, conversation: Any) -> Any:
        self.answered += 1
        return super().answer(message, conversation)


def converse(bot: Bot | CachedBot, messages: tuple[str, ...]) -> list[dict[str, Any]]:
    context = None
    replies = []
    for message in messages:
        reply = bot.reply(message, context).to_dict()
        replies.append(reply)
        context = reply["context"]
    return replies


def test_replies_are_the_bots_own_turn_for_turn(bot: Bot) -> None:
    cached = CachedBot(bot, size=64)
    expected = converse(bot, CONVERSATION)
    assert converse(cached, CONVERSATION) == expected
    assert converse(cached, CONVERSATION) == expected  # the second time from the cache
    assert cached.hits >= len(CONVERSATION)


def test_a_repeat_is_not_answered_again_and_carries_its_own_turn(index: KnowledgeIndex) -> None:
    counting = CountingBot(index)
    cached = CachedBot(counting, size=8)
    first = cached.reply("How long does IOP last?")
    later = cached.reply("How long does IOP last?", {"turn": 41})
    assert counting.answered == 1
    assert first.context["turn"] == 1
    assert later.context["turn"] == 42
    assert later.answer == first.answer
    assert later.sources == first.sources


def test_the_conversation_is_part_of_the_key(index: KnowledgeIndex) -> None:
    counting = CountingBot(index)
    cached = CachedBot(counting, size=8)
    about_cost = cached.reply("what does IOP cost?").context
    about_length = cached.reply("How long does IOP last?").context
    follow_cost = cached.reply("what about for teens?", about_cost)
    follow_length = cached.reply("what about for teens?", about_length)
    assert counting.answered == 4
    plain = Bot(index)
    assert follow_cost.to_dict() == plain.reply("what about for teens?", about_cost).to_dict()
    assert follow_length.to_dict() == plain.reply("what about for teens?", about_length).to_dict()
    assert follow_cost.context["terms"] != follow_length.context["terms"]


def test_the_oldest_reply_is_dropped_when_full(index: KnowledgeIndex) -> None:
    counting = CountingBot(index)
    cached = CachedBot(counting, size=2)
    for message in ("hello", "thanks", "hello", "How long does IOP last?"):
        cached.reply(message)
    assert len(cached) == 2
    assert counting.answered == 3
    cached.reply("hello")  # used recently: still there
    assert counting.answered == 3
    cached.reply("thanks")  # the least recently used one was dropped
    assert counting.answered == 4


def test_keys_are_digests_not_messages(bot: Bot) -> None:
    cached = CachedBot(bot, size=8)
    cached.reply("my daughter has anxiety, how long does IOP last?")
    keys = list(cached._replies)
    assert all(isinstance(key, bytes) and len(key) == 16 for key in keys)
    assert all(b"anxiety" not in key for key in keys)


@pytest.mark.parametrize(
    ("message", "context", "error"),
    [
        ("", None, InvalidMessageError),
        (42, None, InvalidMessageError),
        ("hello", "not an object", InvalidContextError),
    ],
)
def test_invalid_requests_fail_as_they_do_without_the_cache(
    bot: Bot, message: Any, context: Any, error: type[Exception]
) -> None:
    cached = CachedBot(bot, size=8)
    with pytest.raises(error):
        cached.reply(message, context)
    assert len(cached) == 0


def test_size_zero_means_no_cache_and_negative_sizes_are_refused(bot: Bot) -> None:
    assert with_cache(bot, 0) is bot
    assert isinstance(with_cache(bot, 5), CachedBot)
    with pytest.raises(ValueError, match="negative"):
        with_cache(bot, -1)
    with pytest.raises(ValueError, match="at least 1"):
        CachedBot(bot, 0)


def test_every_field_of_the_conversation_but_the_turn_is_part_of_the_key() -> None:
    # A "yes" right after the help lines, or after "Did you mean", is not the "yes" of any
    # other moment: a field the key left out would serve one visitor another's reply.
    plain = Conversation(topic="a", terms=("x",), safety=True)
    others = [
        replace(plain, help_first=True),
        replace(plain, offered=("a", "b")),
        replace(plain, offered=("b", "a")),
        replace(plain, safety=False),
        replace(plain, topic="b"),
    ]
    keys = {reply_key("yes", c) for c in [plain, *others]}
    assert len(keys) == len(others) + 1
    assert reply_key("yes", replace(plain, turn=7)) == reply_key("yes", plain)


def test_a_yes_after_the_help_lines_is_not_served_from_another_conversation(bot: Bot) -> None:
    cached = CachedBot(bot, size=64)
    checked_in = cached.reply("i feel so hopeless lately")
    assert checked_in.context.get("help_first") is True
    ordinary = dict(checked_in.context, help_first=False)
    assert cached.reply("yes", ordinary).intent == "smalltalk"
    assert cached.reply("yes", checked_in.context).intent == "crisis"
