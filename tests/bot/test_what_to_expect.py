""" "What should I expect from IOP?" asks what IOP is made of and what a day there holds: "what to
expect" and "expect from / in / at / during" read as the `include` synonym group, as "what goes
on" and "typical day" do, so it gets what the articles say a program includes. "expect to"
keeps its own reading ("how long should i expect to be in iop" asks how long)."""

from __future__ import annotations

from pathlib import Path

from bot import Bot
from bot.evaluation import evaluate, load_cases

# Written before the phrases were added: 8 questions asking what to expect from IOP.
LABELLED = Path(__file__).parent.parent / "data" / "what_to_expect.jsonl"


def test_what_to_expect_gets_what_iop_includes(bot: Bot) -> None:
    report = evaluate(bot, load_cases(LABELLED))
    missed = [r.message for r in report.results if not r.passed]
    assert report.rate("answer") >= 0.75, missed


def test_expect_to_keeps_its_reading(bot: Bot) -> None:
    analyze = bot.answerer.index.analyzer.terms
    assert analyze("what to expect in iop") == analyze("what goes on in iop")
    assert "includ" not in analyze("how long should i expect to be in iop")
