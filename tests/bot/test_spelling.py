"""Misspelt messages: read with their typos corrected, answered nearly as often as spelt right."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest

from bot import Bot
from bot.answering import MAX_CLOSE_SEARCHES
from bot.data_files import compile_patterns
from bot.declines import DeclineRule
from bot.evaluation import EvalReport, evaluate, load_cases
from knowledge.analyzer import MAX_NEW_STEMS
from knowledge.index import KnowledgeIndex

DATA = Path(__file__).parents[1] / "data"
# Misspelt copies of a clean set lose at most this share of its answers and follow-ups (before
# the speller they lost over a fifth).
MAX_LOSS = 0.05


@pytest.mark.parametrize(
    ("clean", "misspelt"),
    [
        ("answers_tuning.jsonl", "answers_tuning_typos.jsonl"),
        ("answers_unseen.jsonl", "answers_unseen_typos.jsonl"),
    ],
)
def test_misspelt_questions_are_answered_nearly_as_often_as_spelt_right(
    bot: Bot, clean: str, misspelt: str
) -> None:
    spelt_right = answered(evaluate(bot, load_cases(DATA / clean)))
    typed = answered(evaluate(bot, load_cases(DATA / misspelt)))
    assert typed >= spelt_right - MAX_LOSS


def answered(report: EvalReport) -> float:
    """The share of answer and follow-up cases passed."""
    counts = [report.by_kind().get(kind, (0, 0)) for kind in ("answer", "followup")]
    return sum(p for p, _ in counts) / sum(t for _, t in counts)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("is ther one for teenegers", "is there one for teenagers"),
        ("how lnog does an intensive outpatient progarm lsat", "how long does iop last"),
        ("do veterns get thier own groups", "are there programs for veterans"),
    ],
)
def test_a_misspelt_question_is_answered_from_the_passage_of_the_right_one(
    bot: Bot, typed: str, meant: str
) -> None:
    reply, wanted = bot.reply(typed), bot.reply(meant)
    assert wanted.intent == "answer"
    assert reply.intent == "answer"
    assert reply.sources[0] == wanted.sources[0]


def test_a_misspelt_medication_is_declined_as_medical_advice(bot: Bot) -> None:
    rule = next(r for r in bot.data.declines if "zoloft" in r.names)
    reply = bot.reply("should i stop taking my zolof when i start iop")
    assert reply.intent == "fallback"
    assert rule.reply in reply.answer


def test_crisis_detection_reads_the_message_as_typed(bot: Bot) -> None:
    turn = bot._turn("how lnog is the progam", bot.read("hi")[1])
    assert turn.normalized == "how lnog is the progam"
    assert turn.read == "how long is the program"


def test_explain_shows_how_the_message_was_read(bot: Bot) -> None:
    lines = bot.explain("how lnog is the progam")
    assert "read as: how long is the program" in lines
    assert not any(line.startswith("read as:") for line in bot.explain("how long is iop"))


def made_up_words(count: int, letters: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(string.ascii_lowercase, k=letters)) for _ in range(count)]


def test_a_message_of_made_up_words_searches_close_spellings_a_bounded_number_of_times(
    bot: Bot,
) -> None:
    close_terms = bot.answerer._close_terms
    before = len(close_terms)
    answerer = bot.answerer
    answerer._searched(*answerer._unknown_parts(made_up_words(40, 9, seed=1)))  # their reading
    assert 0 < len(close_terms) - before <= MAX_CLOSE_SEARCHES
    before = len(close_terms)
    bot.reply(" ".join(made_up_words(40, 9, seed=4)))  # a whole reply searches no more
    assert len(close_terms) - before <= MAX_CLOSE_SEARCHES


def test_a_query_stems_a_bounded_number_of_new_words(index: KnowledgeIndex) -> None:
    words = [w + "ing" for w in made_up_words(MAX_NEW_STEMS + 10, 6, seed=2)]
    bounded = index.analyzer(" ".join(words), max_new_stems=MAX_NEW_STEMS)
    stemmed = index.analyzer(" ".join(words))  # unbounded, as the build reads the articles
    assert stemmed != words
    assert bounded[:MAX_NEW_STEMS] == stemmed[:MAX_NEW_STEMS]
    assert bounded[MAX_NEW_STEMS:] == words[MAX_NEW_STEMS:]  # the rest stay as typed


def test_how_a_message_is_read_depends_on_the_message_alone(bot: Bot) -> None:
    # Words met in earlier messages count against a message's budgets like new ones: the
    # stems, the close spellings and the two-edit corrections of the last words stay as they
    # were the first time.
    words = [w + "ing" for w in made_up_words(MAX_NEW_STEMS + 10, 7, seed=3)]
    message = " ".join(words)
    analyzer = bot.index.analyzer
    first = analyzer(message, max_new_stems=MAX_NEW_STEMS)
    analyzer(" ".join(words[MAX_NEW_STEMS:]), max_new_stems=MAX_NEW_STEMS)
    assert analyzer(message, max_new_stems=MAX_NEW_STEMS) == first
    typos = "tehraphy fleksible shedul enviromant actuily"
    speller = bot.speller
    assert speller is not None
    once = speller.correct(typos)
    speller.correct("actuily enviromant")  # searched two edits deep on their own
    assert speller.correct(typos) == once
    first_reply = bot.reply(message).answer
    bot.reply(" ".join(reversed(words)))
    assert bot.reply(message).answer == first_reply


@pytest.mark.parametrize(
    "message", ["does allways cover iop", "does fallon health cover evening iop for alcohol?"]
)
def test_words_the_declines_spell_out_are_read_as_typed(bot: Bot, message: str) -> None:
    """An insurer the out-of-scope patterns name ("AllWays", "Fallon") is not a typo of an
    English word ("always", "falcon"): read as typed, the patterns see it."""
    assert bot.speller is not None
    assert bot.speller.correct(message) == message
    assert bot.reply(message).intent == "fallback"


def test_the_written_words_of_a_pattern() -> None:
    patterns = [r"\b(tufts|fallon) copays?\b", r"\bfacilit(y|ies) favou?rite\b"]
    rule = DeclineRule(name="test", patterns=compile_patterns(patterns), reply="No.")
    words = rule.written_words()
    assert {"tufts", "fallon", "copays", "copay"} <= words
    assert not {"facilit", "favou", "favo", "rite"} & words  # pieces glued to a group
