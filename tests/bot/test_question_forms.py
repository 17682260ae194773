"""Whole forms of question that ask for a passage in words of their own ("who can benefit",
"is there anything bad about", "whats the diff") read as the synonym group of what they ask
(`knowledge/data/synonyms.toml`), so they get the passage that answers them. Each form's file
in `tests/data` was written before its phrases were added; the tables below name each form's
reading, and the words of a form that keep their own reading elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import Bot
from bot.evaluation import evaluate, load_cases

DATA = Path(__file__).parent.parent / "data"


@pytest.mark.parametrize(
    ("name", "floor"),
    [
        ("who_is_it_for.jsonl", 0.9),
        ("downsides.jsonl", 0.7),
        ("step_up.jsonl", 0.75),
        ("what_to_expect.jsonl", 0.75),
        ("older_adults.jsonl", 0.8),
        ("time_asked.jsonl", 0.75),
        ("text_speak.jsonl", 0.75),
        ("denial.jsonl", 0.6),
        ("other_names.jsonl", 0.6),
    ],
)
def test_each_form_gets_the_passage_that_answers_it(bot: Bot, name: str, floor: float) -> None:
    report = evaluate(bot, load_cases(DATA / name))
    missed = [r.message for r in report.results if not r.passed]
    assert report.rate("answer") >= floor, missed


@pytest.mark.parametrize(
    ("message", "read_as"),
    [
        ("who would benefit from iop", "who is it for iop"),
        ("do i qualify for iop", "who is it for iop"),
        ("is there anything bad about iop", "what are the downsides of iop"),
        ("a step up from therapy", "a middle ground from therapy"),
        ("what to expect in iop", "what goes on in iop"),
        ("are the therapists qualified", "are the therapists licensed"),
        ("can older adults do iop", "who is it for iop"),
        ("is it a lot of hours", "is it hours"),
        ("is iop time consuming", "is iop demanding"),
        ("whats the diff between iop and rehab", "whats the difference between iop and rehab"),
        ("can i wrk during iop", "can i work during iop"),
        ("my son is in denial about his drinking", "my son doesnt realize about his drinking"),
        ("whats another name for iop", "also known as iop"),
    ],
)
def test_a_form_reads_as_its_group(bot: Bot, message: str, read_as: str) -> None:
    analyze = bot.answerer.index.analyzer.terms
    assert analyze(message) == analyze(read_as)


@pytest.mark.parametrize(
    ("message", "not_read_as"),
    [
        ("i feel bad about relapsing", "challeng"),
        ("negative side effects of my meds", "challeng"),
        ("my bad", "challeng"),
        ("how long should i expect to be in iop", "includ"),
        ("what are 12 step programs", "middl"),
        ("im a senior in college, can i do iop", "suitabl"),
        ("im a senior in high school, can i do iop", "suitabl"),
        ("my insurance denied my claim for iop", "realiz"),
        ("what if insurance denies coverage", "realiz"),
        ("insurance denial for iop", "realiz"),
        ("what if the hospital wont admit me", "realiz"),
    ],
)
def test_the_words_of_a_form_alone_keep_their_reading(
    bot: Bot, message: str, not_read_as: str
) -> None:
    assert not_read_as not in bot.answerer.index.analyzer.terms(message)
