"""Quality floors on the shipped golden set, and the scorer itself."""

import re
from pathlib import Path

import pytest

from bot import Bot
from bot.evaluation import dev_set_path, evaluate, judge, load_cases
from bot.reply import Reply
from knowledge.paths import data_dir

DEV_SET = dev_set_path()
SENTENCE_SET = Path(__file__).resolve().parents[1] / "data" / "answers_sentences.jsonl"
FOLLOWUP_SET = Path(__file__).resolve().parents[1] / "data" / "followups_tuning.jsonl"
DATED_SET = Path(__file__).resolve().parents[1] / "data" / "answers_dated.jsonl"
BACKGROUND_SET = DATED_SET.with_name("answers_with_background.jsonl")
FRESH_FOLLOWUPS = DATED_SET.with_name("followups_fresh.jsonl")
FRESH_FOLLOWUPS_2 = DATED_SET.with_name("followups_fresh2.jsonl")
FRESH_ANSWERS_3 = DATED_SET.with_name("answers_fresh3.jsonl")
FRESH_ANSWERS_4 = DATED_SET.with_name("answers_fresh4.jsonl")


def test_golden_set_floor(bot: Bot) -> None:
    report = evaluate(bot, load_cases(data_dir() / "golden.jsonl"))
    assert report.pointer_rate == 1.0
    assert report.rate("crisis") == 1.0
    assert report.rate("decline") >= 0.85
    assert report.rate("answer") >= 0.8
    assert report.overall >= 0.85


@pytest.mark.skipif(not DEV_SET.is_file(), reason="public dev set not beside the project")
def test_dev_set_floor(bot: Bot) -> None:
    report = evaluate(bot, load_cases(DEV_SET))
    assert report.pointer_rate == 1.0
    assert report.rate("answer") >= 0.85
    assert report.rate("decline") >= 0.8
    assert report.rate("crisis") == 1.0


def test_judge_needs_intent_and_fact() -> None:
    case = {"kind": "answer", "q": "q", "any": ["six weeks"]}
    good = Reply(answer="It takes “Six  weeks”. Ask a professional.", intent="answer")
    assert judge(case, good).passed and judge(case, good).pointer
    assert not judge(case, Reply(answer="It takes six weeks.", intent="fallback")).passed
    assert not judge(case, Reply(answer="It varies.", intent="answer")).passed


def test_malformed_eval_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"kind": "answer", "q": "ok", "any": ["x"]}\nnot json\n')
    with pytest.raises(ValueError, match="bad.jsonl:2"):
        load_cases(path)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"kind": "answer", "q": "how long?", "anys": ["weeks"]}', "needs `any`"),
        ('{"kind": "answer", "q": "how long?", "any": []}', "needs `any`"),
        ('{"kind": "followup", "q": "and teens?", "any": ["teen"]}', "needs `context`"),
        ('{"kind": "decline", "q": "x", "context": "what is iop"}', "`context` must be a list"),
        ('{"kind": "answer", "q": "x", "any": ["y"], "passage": 3}', "`passage` must be the id"),
    ],
    ids=[
        "misspelt any",
        "empty any",
        "follow-up without context",
        "context not a list",
        "passage not an id",
    ],
)
def test_a_case_that_could_not_be_judged_as_meant_names_the_line(
    tmp_path: Path, line: str, problem: str
) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text('{"kind": "decline", "q": "ok"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=f"cases.jsonl:2: .*{re.escape(problem)}"):
        load_cases(path)


def test_an_id_given_twice_names_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    first = '{"id": "a-1", "kind": "decline", "q": "x"}'
    other = '{"id": "b", "kind": "decline", "q": "y"}'
    path.write_text(f"{first}\n{other}\n{first}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="cases.jsonl:3: id 'a-1' is already used on line 1"):
        load_cases(path)


def test_the_report_gives_the_median_length_of_answers(bot: Bot) -> None:
    cases = [
        {"id": "a", "kind": "answer", "q": "how long does iop last?", "any": ["weeks"]},
        {"id": "b", "kind": "decline", "q": "what's the weather in paris?"},
    ]
    report = evaluate(bot, cases)
    reply = bot.reply("how long does iop last?")
    assert report.median_words() == (len(reply.answer.split()), len(reply.body.split()))
    assert "answers: median" in report.table()
    assert evaluate(bot, cases[1:]).median_words() is None


def test_a_case_naming_its_passage_is_also_judged_on_that_passage_alone(bot: Bot) -> None:
    passages = [p for p in bot.index.passages if not p.is_curated]
    named = passages[0]
    wanted = bot.excerpt(named.question, named.id)[:40]
    other = next(p for p in passages if wanted.lower() not in p.answer.lower())
    case = {"id": "c", "kind": "answer", "q": named.question, "any": [wanted]}
    held = evaluate(bot, [{**case, "passage": named.id}])
    assert held.excerpts() == (1, 1)
    assert "sentence choice, the case's passage given: 1/1" in held.table()
    # A passage that never says it cannot hold it, whatever the bot would answer.
    assert evaluate(bot, [{**case, "passage": other.id}]).excerpts() == (0, 1)
    assert evaluate(bot, [case]).excerpts() is None


def test_a_case_naming_no_passage_of_the_index_is_an_error(bot: Bot) -> None:
    case = {"id": "c", "kind": "answer", "q": "how long?", "any": ["weeks"], "passage": "nope/x"}
    with pytest.raises(ValueError, match="'nope/x' is no passage of this index"):
        evaluate(bot, [case])
    with pytest.raises(KeyError, match="nope/x"):
        bot.excerpt("how long?", "nope/x")


def test_the_sentence_set_names_passages_and_their_own_words(bot: Bot) -> None:
    """Each case of the sentence set names a passage the sources produce, and each expected
    string is that passage's text, word for word (the set cannot drift from the articles)."""
    answers = {p.id: " ".join(p.answer.split()) for p in bot.index.passages}
    for case in load_cases(SENTENCE_SET):
        assert case["passage"] in answers, case["id"]
        assert all(" ".join(s.split()) in answers[case["passage"]] for s in case["any"]), case["id"]


def test_sentence_choice_floor(bot: Bot) -> None:
    """Given the passage, the reply's sentences answer questions about a fact deep inside it
    (most cases name a sentence other than the passage's first)."""
    figures = evaluate(bot, load_cases(SENTENCE_SET)).excerpts()
    assert figures is not None
    passed, total = figures
    assert total >= 100
    assert passed / total >= 0.85


def test_followup_set_floor(bot: Bot) -> None:
    """Follow-ups that lean on the conversation in visitors' ways (pronouns, ellipsis, a shift
    to a neighbouring subject, a comparison), written from the articles alone."""
    report = evaluate(bot, load_cases(FOLLOWUP_SET))
    assert report.by_kind()["followup"][1] >= 80
    assert report.rate("followup") >= 0.65


def test_dated_question_floor(bot: Bot) -> None:
    """Questions that date the visitor's story ("i relapsed last week, can i still do iop") are
    answered on what they ask, and questions of how long that also date something keep theirs."""
    cases = load_cases(DATED_SET)
    assert len(cases) >= 40
    assert evaluate(bot, cases).rate("answer") >= 0.8
    durations = [c for c in cases if c["note"].startswith("duration asked")]
    assert len(durations) >= 8
    assert evaluate(bot, durations).rate("answer") == 1.0


def test_questions_after_what_visitors_tell_of_themselves_floor(bot: Bot) -> None:
    """A question after a sentence or two about the visitor ("my wife found this site for me,
    im 52. how many days a week would i go") is answered on what it asks, and one the articles
    do not answer still falls back (`answers_with_background.jsonl`, written by hand, never
    tuned on)."""
    report = evaluate(bot, load_cases(BACKGROUND_SET))
    assert len(report.results) >= 75
    assert report.rate("answer") >= 0.65
    assert report.rate("decline") >= 0.8


def test_fresh_follow_ups_floor(bot: Bot) -> None:
    """Follow-ups that lean on the conversation in three ways (on what the first answer said, to
    a neighbouring subject, narrowed to a person or situation), written by hand apart from the
    project's data and never tuned on (`followups_fresh.jsonl`): a floor, not a target."""
    cases = load_cases(FRESH_FOLLOWUPS)
    assert len(cases) >= 70 and all(c["kind"] == "followup" for c in cases)
    assert evaluate(bot, cases).rate("followup") >= 0.75


def test_second_fresh_follow_ups_floor(bot: Bot) -> None:
    """Follow-ups in four shapes (a pronoun pointing back, a bare continuation, a contrast, a
    deeper question on one detail), by another writer, never tuned on: 77.5 % when written."""
    cases = load_cases(FRESH_FOLLOWUPS_2)
    assert len(cases) >= 80 and all(c["kind"] == "followup" for c in cases)
    assert evaluate(bot, cases).rate("followup") >= 0.70


def test_third_fresh_answers_floor(bot: Bot) -> None:
    """148 questions by eight personas over every section of the five articles, and 30
    follow-ups, by a writer who read only the articles; never tuned on: 80.4 % of the answers
    and 80 % of the follow-ups when written."""
    report = evaluate(bot, load_cases(FRESH_ANSWERS_3))
    assert report.by_kind()["answer"][1] >= 148 and report.by_kind()["followup"][1] >= 30
    assert report.pointer_rate == 1.0
    assert report.rate("answer") >= 0.78
    assert report.rate("followup") >= 0.75


def test_fourth_fresh_answers_floor(bot: Bot) -> None:
    """107 questions by eight personas, 25 follow-ups and 20 declines, by a writer who read only
    the articles; never tuned on: 72 % of the answers, 88 % of the follow-ups and every decline
    when written, measured once."""
    report = evaluate(bot, load_cases(FRESH_ANSWERS_4))
    by_kind = report.by_kind()
    assert by_kind["answer"][1] == 107 and by_kind["followup"][1] == 25
    assert by_kind["decline"][1] == 20
    assert report.pointer_rate == 1.0
    assert report.rate("answer") >= 0.70
    assert report.rate("followup") >= 0.80
    assert report.rate("decline") >= 0.90
