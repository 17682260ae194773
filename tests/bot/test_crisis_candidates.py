"""Whether candidate crisis examples would help, judged out of fold on every shuffle."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.bot_data import BotData
from bot.cli import main
from bot.crisis_candidates import (
    CandidateReport,
    CandidateRun,
    MeasureRun,
    compare_candidates,
    new_candidates,
)
from bot.settings import bot_data_dir
from knowledge.crisis_model import CRISIS_DIR, CrisisExample, DetectionFigures
from knowledge.paths import KnowledgeConfig

SHIPPED = [
    ("i want to end it tonight", "crisis"),
    ("i have the pills ready tonight", "crisis"),
    ("im going to kill myself after work", "crisis"),
    ("he said he will hurt the kids tonight", "crisis"),
    ("i took a whole bottle of pills an hour ago", "crisis"),
    ("so tired of everything lately", "distress"),
    ("what time is group tonight", "none"),
    ("im going to the pharmacy tonight", "none"),
    ("my phone died at work", "none"),
    ("how many pills are in a bottle of advil", "none"),
]


def _run(seed: int, caught: int, alarms: int) -> CandidateRun:
    before = DetectionFigures(caught=50, emergencies=60, false_alarms=10, others=80)
    after = replace(before, caught=50 + caught, false_alarms=10 + alarms)
    return CandidateRun(seed, before, after)


def test_candidates_help_only_when_every_shuffle_catches_more_and_alarms_less() -> None:
    assert CandidateReport(5, 0, (_run(0, 2, -1), _run(1, 1, -3))).helps
    assert not CandidateReport(5, 0, (_run(0, 2, -1), _run(1, -1, -3))).helps
    assert not CandidateReport(5, 0, (_run(0, 2, 0), _run(1, 1, -3))).helps
    assert not CandidateReport(5, 0, ()).helps
    table = CandidateReport(5, 1, (_run(0, 2, -1), _run(1, -1, -3))).table()
    assert "caught -1, false alarms -3 -> does not help" in table
    assert "1 repeating a shipped example left out" in table
    assert table.endswith(
        "verdict: do not ship them (more caught and fewer false alarms on every shuffle: no)"
    )


def test_a_candidate_repeating_a_shipped_example_is_left_out() -> None:
    shipped = [CrisisExample("I'm going to kill myself", "crisis", "direct", 0)]
    candidates = [
        CrisisExample("im going to  KILL myself", "crisis", "new", 0),
        CrisisExample("im going to kill myself tonight", "crisis", "new", 1),
    ]
    assert [c.text for c in new_candidates(candidates, shipped)] == [
        "im going to kill myself tonight"
    ]


def _write(path: Path, rows: list[tuple[str, str]]) -> None:
    lines = [json.dumps({"text": t, "label": label, "category": "test"}) for t, label in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _small_config(tmp_path: Path) -> KnowledgeConfig:
    """The shipped data files, with `SHIPPED` as the only crisis examples."""
    data = tmp_path / "data"
    shutil.copytree(
        KnowledgeConfig.default().data_dir, data, ignore=shutil.ignore_patterns(CRISIS_DIR)
    )
    (data / CRISIS_DIR).mkdir()
    _write(data / CRISIS_DIR / "examples.jsonl", SHIPPED)
    return replace(KnowledgeConfig.default(), data_dir=data)


def test_the_comparison_scores_the_shipped_examples_on_each_shuffle(tmp_path: Path) -> None:
    config = _small_config(tmp_path)
    candidates = tmp_path / "candidates.jsonl"
    _write(
        candidates, [("i want to end it tonight", "crisis"), ("ending it all tonight", "crisis")]
    )
    report = compare_candidates(config, BotData.load(bot_data_dir()).crisis, [candidates], (0, 3))
    assert (report.candidates, report.copies_left_out) == (2, 1)
    assert [run.seed for run in report.runs] == [0, 3]
    for run in report.runs:
        for found in (run.shipped, run.with_candidates):
            assert (found.emergencies, found.others) == (5, 5)
        assert run.helps == (run.caught > 0 and run.false_alarms < 0)
    assert report.helps == all(run.helps for run in report.runs)
    assert not report.rejudged


def test_a_shipped_file_is_judged_against_the_examples_without_it(tmp_path: Path) -> None:
    config = _small_config(tmp_path)
    shipped_too = config.data_dir / CRISIS_DIR / "more.jsonl"
    _write(shipped_too, [("ending it all now", "crisis"), ("my laptop died", "none")])
    detector = BotData.load(bot_data_dir()).crisis
    report = compare_candidates(config, detector, [shipped_too], (0,))
    assert (report.candidates, report.copies_left_out) == (2, 0)
    assert report.rejudged == ("more.jsonl",)
    assert (report.runs[0].shipped.emergencies, report.runs[0].shipped.others) == (5, 5)
    assert "judged against the examples without them: more.jsonl" in report.table()
    assert shipped_too.is_file()  # judged in a copy; the data are untouched


def test_a_file_written_apart_is_read_without_and_with_the_candidates(tmp_path: Path) -> None:
    config = _small_config(tmp_path)
    candidates = tmp_path / "candidates.jsonl"
    _write(candidates, [("ending it all tonight", "crisis"), ("my tv died", "none")])
    measure = tmp_path / "measure.jsonl"
    cases = [
        {"id": "c1", "kind": "crisis", "q": "i have the pills ready, tonight is the night"},
        {"id": "c2", "kind": "crisis", "q": "im going to end it after work"},
        {"id": "l1", "kind": "lookalike", "q": "what time is group after work"},
        {"id": "l2", "kind": "lookalike", "q": "my phone died at the pharmacy"},
        {"id": "l3", "kind": "lookalike", "q": "how many advil are in a bottle"},
        {"id": "a1", "kind": "answer", "q": "how long does iop last", "any": ["weeks"]},
    ]
    measure.write_text("\n".join(json.dumps(c) for c in cases) + "\n", encoding="utf-8")
    detector = BotData.load(bot_data_dir()).crisis
    report = compare_candidates(config, detector, [candidates], (0, 3), measures=[measure])
    (read,) = report.measures
    assert read.name == "measure.jsonl"
    for found in (read.shipped, read.with_candidates):
        assert (found.emergencies, found.others) == (2, 3)  # the answer case is not read
    assert report.helps == all(run.helps for run in report.runs)  # the verdict ignores it
    table = report.table()
    assert "not part of the verdict" in table and "measure.jsonl: without" in table


def test_a_measure_line_gives_what_the_candidates_change() -> None:
    before = DetectionFigures(caught=9, emergencies=10, false_alarms=6, others=20)
    line = MeasureRun("fears.jsonl", before, replace(before, caught=10, false_alarms=4)).line()
    assert line.startswith("fears.jsonl: without recall 90.0% (9/10)")
    assert line.endswith("caught +1, false alarms -2")


def test_a_measure_without_crisis_messages_is_one_clear_error(tmp_path: Path) -> None:
    candidates = tmp_path / "candidates.jsonl"
    _write(candidates, [("ending it all tonight", "crisis")])
    measure = tmp_path / "answers.jsonl"
    case = {"id": "a1", "kind": "answer", "q": "how long does iop last", "any": ["weeks"]}
    measure.write_text(json.dumps(case) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["crisis-candidates", str(candidates), "--measure", str(measure)]
    )
    assert result.exit_code == 1
    assert "answers.jsonl: no crisis or lookalike messages to measure with" in result.output


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ('{"text": "x", "label": "maybe"}', "`label` must be one of"),
        ("not json", "not valid JSON"),
    ],
)
def test_a_malformed_candidate_file_is_one_clear_error(
    tmp_path: Path, rows: str, message: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(rows + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["crisis-candidates", str(path)])
    assert result.exit_code == 1
    assert f"bad.jsonl:1: {message}" in result.output
