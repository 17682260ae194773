"""Saved evaluation runs compared (`iop-faq eval --save` / `--against`), and held-out sets that
are run but never read."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.eval_runs import compare_runs, is_held_out, load_run

CASES = (
    '{"id": "a", "kind": "answer", "q": "how long does iop last", '
    '"any": ["6-12 weeks", "nine hours per week", "90 days"]}\n'
    '{"id": "b", "kind": "smalltalk", "q": "hi"}\n'
    '{"kind": "answer", "q": "how do i bake bread", "any": ["sourdough"]}\n'
)


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def cases(tmp_path: Path) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text(CASES)
    return path


def _case(key: str, passed: bool, message: str = "a message") -> dict:
    return {"key": key, "kind": "answer", "passed": passed, "intent": "answer", "message": message}


def test_a_file_in_a_heldout_directory_is_held_out() -> None:
    assert is_held_out("tests/data/heldout/answers.jsonl")
    assert not is_held_out("tests/data/answers_unseen.jsonl")
    assert not is_held_out("heldout.jsonl")


def test_changes_name_each_case_gained_or_lost_and_hide_held_out_messages() -> None:
    before = {
        "x.jsonl": [_case("a", True), _case("b", False, "now right"), _case("gone", True)],
        "heldout/h.jsonl": [_case("h1", False), _case("h2", True)],
    }
    now = {
        "x.jsonl": [
            _case("a", False, "now wrong"),
            _case("b", True, "now right"),
            _case("new", True),
        ],
        "heldout/h.jsonl": [_case("h1", True, "secret"), _case("h2", True, "secret")],
    }
    plain, held = compare_runs(before, now)
    assert (plain.before, plain.now, plain.total, plain.unmatched) == (1, 1, 2, 2)
    text = "\n".join(plain.lines())
    assert "GAIN b" in text and "now right" in text and "LOSS a" in text and "now wrong" in text
    assert (held.before, held.now) == (1, 2)
    shown = "\n".join(held.lines())
    assert "1 gained, 0 lost" in shown and "secret" not in shown and "h1" not in shown


def test_eval_saves_a_run_and_compares_a_later_one(
    runner: CliRunner, index_path: Path, tmp_path: Path, cases: Path
) -> None:
    run = tmp_path / "run.json"
    args = ["eval", str(cases), "--index", str(index_path)]
    assert runner.invoke(main, [*args, "--save", str(run)]).exit_code == 0
    saved = load_run(run)[str(cases)]
    assert [c["key"] for c in saved] == ["a", "b", "#3"]
    assert [c["passed"] for c in saved] == [True, True, False]
    unchanged = runner.invoke(main, [*args, "--against", str(run)])
    assert unchanged.exit_code == 0, unchanged.output
    assert f"{cases}: 2 -> 2 of 3" in unchanged.output and "GAIN" not in unchanged.output
    data = json.loads(run.read_text())
    data["files"][str(cases)][0]["passed"] = False  # as if "a" had failed before
    run.write_text(json.dumps(data))
    changed = runner.invoke(main, [*args, "--against", str(run)])
    assert f"{cases}: 1 -> 2 of 3 (+1)" in changed.output
    assert "GAIN a" in changed.output and "how long does iop last" in changed.output


def test_a_file_that_is_no_saved_run_is_one_clear_line(
    runner: CliRunner, index_path: Path, tmp_path: Path, cases: Path
) -> None:
    bad = tmp_path / "run.json"
    bad.write_text('{"files": []}')
    result = runner.invoke(
        main, ["eval", str(cases), "--index", str(index_path), "--against", str(bad)]
    )
    assert result.exit_code == 1
    assert "--save" in result.output and "Traceback" not in result.output


def test_a_held_out_files_failures_are_counted_never_listed(
    runner: CliRunner, index_path: Path, tmp_path: Path
) -> None:
    held = tmp_path / "heldout" / "answers.jsonl"
    held.parent.mkdir()
    held.write_text(CASES)
    args = ["eval", str(held), "--index", str(index_path)]
    text = runner.invoke(main, args).output
    assert "1 failing cases, not listed" in text and "bake bread" not in text
    report = json.loads(runner.invoke(main, [*args, "--json"]).output)
    assert report["failures"] == [] and report["failures_not_listed"] == 1
    plain = tmp_path / "answers.jsonl"
    plain.write_text(CASES)
    assert (
        "bake bread" in runner.invoke(main, ["eval", str(plain), "--index", str(index_path)]).output
    )
