"""The conversation context is untrusted input: whatever a client sends is either read or
refused with `InvalidContextError`, and every context the bot returns is read back as sent."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.conversation import (
    MAX_OFFERED,
    MAX_SENTENCE_POSITION,
    MAX_SHOWN,
    MAX_TERMS,
    MAX_TURN,
    Conversation,
)
from bot.errors import InvalidContextError

TOPICS = {"a/one", "a/two", "b/three"}
TERMS = {"durat": 0, "teen": 1, "cost": 2}

conversations = st.builds(
    Conversation,
    topic=st.sampled_from(sorted(TOPICS)),
    terms=st.lists(st.sampled_from(sorted(TERMS)), max_size=MAX_TERMS).map(tuple),
    turn=st.integers(0, MAX_TURN),
    safety=st.booleans(),
    help_first=st.booleans(),
    offered=st.lists(st.sampled_from(sorted(TOPICS)), max_size=MAX_OFFERED).map(tuple),
    shown=st.lists(st.integers(0, MAX_SENTENCE_POSITION), max_size=MAX_SHOWN, unique=True).map(
        lambda positions: tuple(sorted(positions))
    ),
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=20,
)
context_keys = st.sampled_from(
    ["topic", "terms", "turn", "safety", "help_first", "offered", "shown", "other"]
)
contexts = st.dictionaries(context_keys, json_values, max_size=8) | json_values


@settings(max_examples=300, deadline=None)
@given(conversations)
def test_every_context_the_bot_returns_is_read_back_as_it_was(conversation: Conversation) -> None:
    assert Conversation.from_context(conversation.to_context(), TOPICS, TERMS) == conversation


@settings(max_examples=500, deadline=None)
@given(contexts)
def test_any_context_is_read_or_refused_with_a_reason(context: Any) -> None:
    try:
        read = Conversation.from_context(context, TOPICS, TERMS)
    except InvalidContextError as exc:
        assert str(exc).startswith("context")
        return
    assert read.topic in TOPICS | {None}
    assert set(read.terms) <= set(TERMS) and set(read.offered) <= TOPICS
    assert read.shown == () or read.topic is not None
