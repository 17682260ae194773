"""Quality floors on the shipped golden set, and the scorer itself."""

import re
from pathlib import Path

import pytest

from bot import Bot
from bot.evaluation import dev_set_path, evaluate, judge, load_cases
from bot.reply import Reply
from knowledge.paths import data_dir

DEV_SET = dev_set_path()


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
    ],
    ids=["misspelt any", "empty any", "follow-up without context", "context not a list"],
)
def test_a_case_that_could_not_be_judged_as_meant_names_the_line(
    tmp_path: Path, line: str, problem: str
) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text('{"kind": "decline", "q": "ok"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=f"cases.jsonl:2: .*{re.escape(problem)}"):
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
