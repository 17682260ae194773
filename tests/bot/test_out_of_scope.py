"""Questions the articles do not answer get the honest fallback: the matcher learns them as a
class of their own (`knowledge/data/out_of_scope.txt`), and a fresh file of such questions
(`tests/data/out_of_scope_unseen.jsonl`, written apart from it and never tuned on) measures how
well that generalises. A second fresh file (`tests/data/out_of_scope_near.jsonl`) holds harder
ones, near the articles' topics (a named clinic's hours, a copay in dollars, Section 35), and
everyday ones no crisis reply should meet; `tests/data/out_of_scope_tuning.jsonl` holds more of
that kind, by twelve categories, to tune on. A third (`tests/data/everyday_messages.jsonl`) holds
messages about everyday life off the subject (a bridge closed, a recipe, a tax form), many in the
first person and some with a word an emergency could use in its everyday sense: they fall back,
and the crisis reply meets hardly any."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot import Bot
from bot.conversation import Conversation
from bot.evaluation import evaluate, load_cases
from bot.settings import BotSettings
from knowledge.index import KnowledgeIndex

FRESH = Path(__file__).resolve().parents[1] / "data" / "out_of_scope_unseen.jsonl"
FLOOR = 0.9  # of the fresh questions fall back
NEAR = FRESH.with_name("out_of_scope_near.jsonl")
NEAR_FLOOR = 0.85  # of the questions near the articles' topics fall back
NEAR_ALARMS = 0.02  # at most this share of them gets the crisis reply
TUNING = FRESH.with_name("out_of_scope_tuning.jsonl")  # near the topics too; may be tuned on
TUNING_FLOOR = 0.85
EVERYDAY = FRESH.with_name("everyday_messages.jsonl")
EVERYDAY_FLOOR = 0.9  # of the everyday messages fall back
EVERYDAY_ALARMS = 0.03  # at most this share of them gets the crisis reply


def test_most_fresh_questions_out_of_scope_fall_back(bot: Bot) -> None:
    report = evaluate(bot, load_cases(FRESH))
    assert len(report.results) >= 50
    assert report.rate("decline") >= FLOOR, [r.message for r in report.results if not r.passed]


@pytest.mark.parametrize(
    ("path", "floor", "alarms"),
    [
        (NEAR, NEAR_FLOOR, NEAR_ALARMS),
        (TUNING, TUNING_FLOOR, NEAR_ALARMS),
        (EVERYDAY, EVERYDAY_FLOOR, EVERYDAY_ALARMS),
    ],
    ids=["near the articles' topics", "near the topics, to tune on", "everyday life"],
)
def test_most_messages_off_the_subject_fall_back_and_almost_none_alarms(
    bot: Bot, path: Path, floor: float, alarms: float
) -> None:
    report = evaluate(bot, load_cases(path))
    assert len(report.results) >= 300
    assert report.rate("decline") >= floor
    alarmed = [r.message for r in report.results if r.intent == "crisis"]
    assert len(alarmed) <= alarms * len(report.results), alarmed


def test_the_out_of_scope_gate_does_the_work(bot: Bot, index: KnowledgeIndex) -> None:
    cases = load_cases(FRESH)
    ungated = Bot(index, replace(BotSettings(), out_of_scope_threshold=1.01))
    assert evaluate(ungated, cases).rate("decline") < evaluate(bot, cases).rate("decline")
    reasons = [line for c in cases for line in bot.explain(c["q"]) if line.startswith("decision")]
    assert any("articles do not cover" in line for line in reasons)


def test_the_out_of_scope_reading_never_outweighs_a_likelier_passage(bot: Bot) -> None:
    """The out-of-scope reading gives the fallback only when no passage is likelier: some
    answerable questions read as possibly out of scope (at the threshold or more) keep their
    passage, and every fallback it gives is at least as likely as the best passage."""
    threshold = bot.settings.out_of_scope_threshold
    kept, declined = [], []
    for case in load_cases(FRESH.with_name("answers_tuning.jsonl")):
        lines = {k: v for k, _, v in (line.partition(": ") for line in bot.explain(case["q"]))}
        if "out of scope" not in lines:
            continue
        out_of_scope = float(lines["out of scope"].split()[0])
        best = float(lines["confidence"].split()[0])
        if "articles do not cover" in lines["decision"]:
            declined.append(case["q"])
            assert out_of_scope >= max(threshold, best), case["q"]
        elif out_of_scope >= threshold:
            kept.append(case["q"])
            assert best > out_of_scope, case["q"]
    assert kept, "no answerable question is read as possibly out of scope; the gate is untested"


def test_payment_specifics_are_declined_and_general_cost_questions_answered(bot: Bot) -> None:
    """A deductible, an HSA card, a sliding scale or a price in dollars are specifics the
    articles do not give; whether IOP costs less than inpatient care, or what to check about
    costs, they answer (`payment_specifics.jsonl`, written before its patterns)."""
    report = evaluate(bot, load_cases(FRESH.with_name("payment_specifics.jsonl")))
    missed = [r.message for r in report.results if not r.passed]
    assert report.rate("decline") >= 0.9, missed
    assert report.rate("answer") == 1.0, missed


def test_history_is_declined_and_a_persons_own_history_answered(bot: Bot) -> None:
    """When programs, laws or organisations began and who founded them the articles never
    say; a person's own history ("my history of depression") is what the assessment asks about
    (`history_questions.jsonl`, written before `65_history.toml`)."""
    report = evaluate(bot, load_cases(FRESH.with_name("history_questions.jsonl")))
    missed = [r.message for r in report.results if not r.passed]
    assert report.rate("decline") >= 0.9, missed
    assert report.rate("answer") >= 0.85, missed
    assert bot.reply("will they ask about my history of substance use").intent == "answer"


def test_words_the_articles_lack_count_against_an_off_topic_question(bot: Bot) -> None:
    """A question about something else that shares only everyday words with the articles
    ("how long", "benefits") keeps the words the index lacks, so the matcher's reading is
    scaled down by them as for any other message, and the reply falls back instead of giving
    the passage those everyday words were asked of."""
    for message in ("how long do i steam broccoli", "what are the benefits of yoga mats"):
        retrieval = bot.answerer.retrieve(message, message, Conversation())
        assert retrieval.off_topic and retrieval.unknown, message
        assert bot.reply(message).intent == "fallback", message


@pytest.mark.parametrize(
    ("name", "floors"),
    [
        # Declines of the kinds the held-out sets hold (personal medical advice, a named
        # program's details, a plan's coverage, other states, unrelated subjects), written by
        # hand before any change they measured.
        ("declines_fresh.jsonl", {"decline": 0.85}),
        # Personal medical questions (symptoms, test results, "is this normal") to decline,
        # beside near questions the articles answer (detox, medication management), by a writer
        # apart from the out-of-scope examples.
        ("medical_questions.jsonl", {"decline": 0.85, "answer": 0.75}),
        # Questions about a symptom's meaning, beside near questions the articles answer: the
        # first file is what `12_symptoms.toml` was grown on; the second, by six personas,
        # was never tuned on (71.7 % declined before the file).
        ("symptoms_fresh.jsonl", {"decline": 0.85, "answer": 0.95}),
        ("symptoms_fresh2.jsonl", {"decline": 0.75, "answer": 0.85}),
        # A third writer: health questions, and questions about whether IOP suits a person
        # with a condition, which must still be answered. Never tuned on.
        ("symptoms_fresh3.jsonl", {"decline": 0.85, "answer": 0.75}),
    ],
)
def test_fresh_declines_floor(bot: Bot, name: str, floors: dict[str, float]) -> None:
    report = evaluate(bot, load_cases(FRESH.with_name(name)))
    missed = [r.message for r in report.results if not r.passed]
    for kind, floor in floors.items():
        assert report.rate(kind) >= floor, (kind, missed)
