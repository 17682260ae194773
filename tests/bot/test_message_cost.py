"""Bounded cost: no message, however crafted, costs much more than an ordinary question."""

from __future__ import annotations

import time
from statistics import median

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import Bot
from bot.data_files import normalize_message
from bot.errors import InvalidMessageError

# The most a message may cost, as a multiple of an ordinary question's CPU time.
MAX_RATIO = 20

ORDINARY = ["how long does iop last?", "is there iop for teens", "what is iop", "does it cost"]

# Pieces that wake up the most machinery: crisis words, negations, signs of "now", past and
# informational cues, obfuscations, Chinese, and characters that expand when normalised.
PIECES = [
    "kill myself", "not", "never", "dont", "no", "want to die", "pills", "took", "rn", "now",
    "tonight", "holding", "gun", "blade", "in 2015", "what are the signs of", "suicide",
    "sewerslide", "k1ll", "d*e", "overdose", "cutting", "again", "how long is iop?", "我想死",
    "\ufdfa", "\uff4b\uff49\uff4c\uff4c", "\u200b", "?", ".", ",", "!!!", "a" * 40, "\u3000",
]  # fmt: skip


def cpu_seconds(bot: Bot, message: str, repeats: int = 3) -> float:
    """The least CPU time of a few replies (the least is the least disturbed by other work)."""
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        bot.reply(message)
        best = min(best, time.process_time() - started)
    return best


@pytest.fixture(scope="module")
def ordinary_cost(bot: Bot) -> float:
    for message in ORDINARY:
        bot.reply(message)  # warm up
    return median(cpu_seconds(bot, m, repeats=9) for m in ORDINARY)


crafted = st.lists(st.sampled_from(PIECES), min_size=1, max_size=400).map(" ".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(message=crafted)
def test_a_crafted_message_costs_at_most_twenty_ordinary_ones(
    bot: Bot, ordinary_cost: float, message: str
) -> None:
    message = message[:1000]
    try:
        bot.read(message)
    except InvalidMessageError as exc:
        # Refused before any work: only when blank or too long once normalised.
        stripped = message.strip()
        assert not stripped or len(normalize_message(stripped)) > 1000, exc
        return
    assert cpu_seconds(bot, message) <= MAX_RATIO * ordinary_cost


def test_length_is_checked_after_normalisation(bot: Bot) -> None:
    # U+FDFA normalises to 18 characters: 60 of them are 1,080 characters.
    with pytest.raises(InvalidMessageError, match="once normalised"):
        bot.read("\ufdfa" * 60)
    assert bot.reply("\ufdfa" * 50).answer
