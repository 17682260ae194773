"""Requests to find a program near the visitor or in a Massachusetts place, and questions about
a named provider: declined honestly, with the help line; questions that merely name a place or
a provider are still answered."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import Bot
from bot.data_files import word_alternation
from bot.declines import DeclineRule

# Labelled messages: `decline` names the decline file whose reply a message gets (a request to
# find a program somewhere, a question about a named provider, or its phone number or waitlist),
# or is null for a message that names a place or a provider, or says "near", but asks something
# the articles answer (it gets neither of the first two).
_FILE = Path(__file__).parent.parent / "data" / "programs_and_places.jsonl"
CASES = [json.loads(line) for line in _FILE.read_text(encoding="utf-8").splitlines() if line]
WATCHED = {"finding_programs", "named_providers"}


def rule_named(bot: Bot, name: str) -> DeclineRule:
    return next(rule for rule in bot.data.declines if rule.name == name)


def finding_rule(bot: Bot) -> DeclineRule:
    return rule_named(bot, "finding_programs")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_each_labelled_message_is_read_as_labelled(bot: Bot, case: dict) -> None:
    reply = bot.reply(case["q"])
    declined = next((r.name for r in bot.data.declines if reply.answer.startswith(r.reply)), None)
    if case["decline"] is None:
        assert declined not in WATCHED, reply.answer
    else:
        assert declined == case["decline"], reply.answer
    assert "professional" in reply.answer


@pytest.mark.parametrize("name", sorted(WATCHED))
def test_the_reply_gives_the_help_line_that_finds_programs(bot: Bot, name: str) -> None:
    line = bot.data.resources.resources["ma_bh_line"].tel
    assert line is not None and line in rule_named(bot, name).reply


@pytest.mark.parametrize(
    ("rule", "listed"), [("finding_programs", "place"), ("named_providers", "provider")]
)
def test_no_place_or_provider_the_articles_speak_of_is_listed(
    bot: Bot, rule: str, listed: str
) -> None:
    """A place the articles describe ("IOPs in Hingham") is answered from them, not declined.
    A name is named in the text as "in Hingham", capitalised after a preposition."""
    text = " ".join(p.answer for p in bot.answerer.index.passages)
    assert re.search(r"\bin Hingham\b", text)  # the test would see a listed Hingham

    def named(name: str) -> bool:
        title = " ".join(word.capitalize() for word in name.split())
        return (
            re.search(rf"\b(in|near|of|around|from|to|at) {re.escape(title)}\b", text) is not None
        )

    names = rule_named(bot, rule).listed(listed)
    assert names and [name for name in names if named(name)] == []


def test_place_names_are_known_to_the_speller(bot: Bot) -> None:
    assert bot.speller is not None
    assert bot.speller.correct("iops near the berkshires") == "iops near the berkshires"


_WORDS = st.text(alphabet="abcde ", min_size=1, max_size=8).map(lambda w: " ".join(w.split()))


@given(
    words=st.lists(_WORDS.filter(bool), min_size=1, max_size=12),
    text=st.text(alphabet="abcde .", max_size=30),
)
def test_a_word_alternation_matches_exactly_the_listed_words_whole(
    words: list[str], text: str
) -> None:
    plain = r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b"
    found = re.search(word_alternation(words), text)
    expected = re.search(plain, text)
    assert (found is None) == (expected is None)
