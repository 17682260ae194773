""" "Who can benefit from IOP?" and its modal siblings ("who would / could / might / will
benefit") ask who IOP is for, as "who benefits" does: they are read as the `suitable` synonym
group, not as the `benefit` group ("how does IOP help"), so they get the passage that says who
IOP suits."""

from __future__ import annotations

from pathlib import Path

from bot import Bot
from bot.evaluation import evaluate, load_cases

# Written before the variants were added: 8 questions asking who would benefit from IOP.
LABELLED = Path(__file__).parent.parent / "data" / "who_benefits.jsonl"


def test_who_would_benefit_gets_who_iop_is_for(bot: Bot) -> None:
    report = evaluate(bot, load_cases(LABELLED))
    missed = [r.message for r in report.results if not r.passed]
    assert report.rate("answer") >= 0.9, missed


def test_who_would_benefit_reads_as_the_suitable_group(bot: Bot) -> None:
    terms = bot.answerer.index.analyzer.terms("who would benefit from iop")
    assert terms == bot.answerer.index.analyzer.terms("who is it for iop")
