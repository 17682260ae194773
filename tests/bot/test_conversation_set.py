"""Labelled conversations (`tests/data/conversation.jsonl`, the evaluation format) scored by
`evaluate`: each kind must pass at least its floor. Add wordings to the file, not to code."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import Bot
from bot.evaluation import _norm, evaluate, load_cases

CASES = Path(__file__).resolve().parents[1] / "data" / "conversation.jsonl"

# The share of each kind that must pass; every reply must carry the professional pointer.
FLOORS = {"answer": 0.97, "followup": 0.9, "decline": 1.0, "smalltalk": 1.0}
DECLINE_WORDING_FLOOR = 1.0  # declines that name what they say (`any`) say it
MEDIAN_REPLY_WORDS = 60  # a whole answer, source line and pointer included
MEDIAN_EXTRACT_WORDS = 40


@pytest.fixture(scope="module")
def cases() -> list[dict]:
    return load_cases(CASES)


def test_every_kind_meets_its_floor(bot: Bot, cases: list[dict]) -> None:
    report = evaluate(bot, cases)
    failures = [f"{r.id} ({r.reason}): {r.message}" for r in report.results if not r.passed]
    for kind, floor in FLOORS.items():
        assert report.rate(kind) >= floor, f"{kind} {report.rate(kind):.0%} < {floor:.0%}: " + (
            "; ".join(failures)
        )
    assert report.pointer_rate == 1.0


def test_answers_are_short_at_the_median(bot: Bot, cases: list[dict]) -> None:
    lengths = evaluate(bot, cases).median_words()
    assert lengths is not None
    reply, extract = lengths
    assert reply <= MEDIAN_REPLY_WORDS and extract <= MEDIAN_EXTRACT_WORDS, lengths


def test_declines_say_which_kind_of_request_they_decline(bot: Bot, cases: list[dict]) -> None:
    worded = [c for c in cases if c["kind"] == "decline" and c.get("any")]
    missing = [
        c["id"]
        for c in worded
        if not any(_norm(w) in _norm(bot.reply(c["q"]).answer) for w in c["any"])
    ]
    assert worded and 1 - len(missing) / len(worded) >= DECLINE_WORDING_FLOOR, missing


def test_the_file_covers_every_kind_but_crisis(cases: list[dict]) -> None:
    kinds = {c["kind"] for c in cases}
    assert kinds == set(FLOORS)
    assert len({c["id"] for c in cases}) == len(cases)
