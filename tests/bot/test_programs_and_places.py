"""Requests to find a program near the visitor or in a Massachusetts place, and questions about
a named provider: declined honestly, with the help line; questions that merely name a place or
a provider are still answered."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import Bot
from bot.data_files import word_alternation
from bot.declines import DeclineRule
from knowledge.index import KnowledgeIndex

# Labelled messages: `decline` names the decline file whose reply a message gets (a request to
# find a program somewhere, a question about a named provider, or its phone number or waitlist),
# or is null for a message that names a place or a provider, or says "near", but asks something
# the articles answer (it gets neither of the first two).
_FILE = Path(__file__).parent.parent / "data" / "programs_and_places.jsonl"
CASES = [json.loads(line) for line in _FILE.read_text(encoding="utf-8").splitlines() if line]
WATCHED = {"finding_programs", "named_providers"}


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
def test_the_reply_gives_the_help_line_that_finds_programs(
    bot: Bot, decline_rule: Callable[[str], DeclineRule], name: str
) -> None:
    line = bot.data.resources.resources["ma_bh_line"].tel
    assert line is not None and line in decline_rule(name).reply


@pytest.mark.parametrize(
    ("rule", "listed"), [("finding_programs", "place"), ("named_providers", "provider")]
)
def test_no_place_or_provider_the_articles_name_is_declined(
    bot: Bot, decline_rule: Callable[[str], DeclineRule], rule: str, listed: str
) -> None:
    """A place the articles name ("IOPs in Hingham") leaves the lists the bot serves with, so
    its questions are answered from them; the data file may list it."""
    text = " ".join(f"{p.title}. {p.heading}. {p.answer}" for p in bot.answerer.index.passages)

    def named(name: str) -> bool:
        title = " ".join(word.capitalize() for word in name.split())
        return re.search(rf"\b{re.escape(title)}\b", text) is not None

    written = decline_rule(rule).listed(listed)
    serving = next(r for r in bot.declines if r.name == rule).listed(listed)
    assert serving and [name for name in serving if named(name)] == []
    assert set(serving) <= set(written)
    if rule == "finding_programs":
        assert "hingham" in written and "hingham" not in serving


def test_a_place_an_article_names_is_answered_once_the_article_is_there(
    index: KnowledgeIndex, decline_rule: Callable[[str], DeclineRule]
) -> None:
    """A maintainer adds an article about a program in Gloucester: the bot built on the new
    index answers questions about Gloucester instead of declining them."""
    question = "is there an iop in gloucester"
    passage = index.passages[0]
    about = replace(passage, answer=passage.answer + " A program in Gloucester meets on Mondays.")
    with_gloucester = replace(index, passages=[about, *index.passages[1:]])
    before, after = Bot(index), Bot(with_gloucester)
    finding = decline_rule("finding_programs").reply
    assert before.reply(question).answer.startswith(finding)
    assert not after.reply(question).answer.startswith(finding)


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
