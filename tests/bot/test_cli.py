"""Every mode of the `iop-faq` command line."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from knowledge.build import KnowledgeConfig, load_index


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_ask_prints_an_answer_for_people(runner: CliRunner, index_path: Path) -> None:
    result = runner.invoke(main, ["ask", "how long does IOP last?", "--index", str(index_path)])
    assert result.exit_code == 0, result.output
    assert "professional" in result.output and "Source:" in result.output


def test_ask_json_prints_the_reply_object(runner: CliRunner, index_path: Path) -> None:
    result = runner.invoke(
        main, ["ask", "--json", "how long does IOP last?", "--index", str(index_path)]
    )
    reply = json.loads(result.output)
    assert reply["intent"] == "answer"
    assert any(f in reply["answer"] for f in ["6-12 weeks", "nine hours per week", "90 days"])


def test_index_comes_from_the_environment(runner: CliRunner, index_path: Path) -> None:
    result = runner.invoke(main, ["ask", "--json", "hello"], env={"IOP_FAQ_INDEX": str(index_path)})
    assert json.loads(result.output)["intent"] == "smalltalk"


def test_jsonl_keeps_conversations_apart(runner: CliRunner, index_path: Path) -> None:
    lines = [
        {"message": "what is IOP?", "conversation": "a"},
        {"message": "tell me about veterans iops", "conversation": "b"},
        {"message": "is there one for teens?", "conversation": "a"},
        {"message": "hello"},
    ]
    stdin = "\n".join(json.dumps(line) for line in lines) + "\n"
    result = runner.invoke(main, ["ask", "--jsonl", "--index", str(index_path)], input=stdin)
    assert result.exit_code == 0, result.output
    replies = [json.loads(line) for line in result.output.splitlines()]
    assert len(replies) == 4
    assert "Adolescent" in replies[2]["answer"]
    assert replies[2]["context"]["turn"] == 2
    assert replies[3]["intent"] == "smalltalk"


def test_jsonl_bad_lines_get_errors_and_the_rest_still_run(
    runner: CliRunner, index_path: Path
) -> None:
    stdin = 'not json\n{"message": ""}\n[1]\n{"message": "hi"}\n'
    result = runner.invoke(main, ["ask", "--jsonl", "--index", str(index_path)], input=stdin)
    outputs = [json.loads(line) for line in result.output.splitlines()]
    assert [("error" in o) for o in outputs] == [True, True, True, False]
    assert outputs[0]["error"].startswith("line 1:")
    assert result.exit_code == 1


def test_ask_needs_exactly_one_input(runner: CliRunner, index_path: Path) -> None:
    result = runner.invoke(main, ["ask", "--index", str(index_path)])
    assert result.exit_code == 2 and "MESSAGE" in result.output


def test_chat_is_interactive_and_follows_up(runner: CliRunner, index_path: Path) -> None:
    result = runner.invoke(
        main,
        ["chat", "--index", str(index_path)],
        input="what is IOP?\nis there one for teens?\n1\nquit\n",
    )
    assert result.exit_code == 0, result.output
    assert "Adolescent" in result.output
    assert result.output.count("professional") >= 3


def test_eval_prints_rates_per_kind(runner: CliRunner, index_path: Path, tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        '{"id": "a", "kind": "answer", "q": "how long does iop last", '
        '"any": ["6-12 weeks", "nine hours per week", "90 days"]}\n'
        '{"id": "b", "kind": "smalltalk", "q": "hi"}\n'
        '{"id": "c", "kind": "decline", "q": "how do i bake bread"}\n'
    )
    result = runner.invoke(main, ["eval", str(cases), "--index", str(index_path)])
    assert result.exit_code == 0, result.output
    for kind in ["answer", "smalltalk", "decline", "pointer"]:
        assert kind in result.output
    report = json.loads(
        runner.invoke(main, ["eval", str(cases), "--json", "--index", str(index_path)]).output
    )
    assert report["kinds"]["answer"] == {"passed": 1, "total": 1}


def test_missing_explicit_index_is_one_clear_line(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["ask", "hi", "--index", str(tmp_path / "none.joblib")])
    assert result.exit_code == 1
    assert "train.py" in result.output and "Traceback" not in result.output


def test_default_index_is_built_on_first_use(
    runner: CliRunner, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.delenv("IOP_FAQ_INDEX", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    result = runner.invoke(main, ["ask", "--json", "how long does iop last"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "iop-faq" / "index.joblib").is_file()


def test_passages_lists_ids_questions_and_answers(runner: CliRunner) -> None:
    result = runner.invoke(main, ["passages"])
    assert result.exit_code == 0
    assert "[iop-for-substance-abuse/duration-of-iop]" in result.output
    assert result.output.count("Q: ") == result.output.count("A: ") > 20


@pytest.fixture()
def sources(tmp_path: Path) -> Path:
    target = tmp_path / "sources"
    shutil.copytree(KnowledgeConfig.default().sources_dir, target)
    return target


def test_train_builds_reports_and_writes_atomically(
    runner: CliRunner, sources: Path, tmp_path: Path
) -> None:
    path = tmp_path / "out" / "index.joblib"
    result = runner.invoke(
        main,
        ["train", "--no-cv", "--sources", str(sources), "--index", str(path), "--no-crisis-cv"],
    )
    assert result.exit_code == 0, result.output
    for label in ["documents:", "passages:", "vocabulary:", "build time:", "golden set"]:
        assert label in result.output
    assert path.is_file()
    assert [p.name for p in path.parent.iterdir()] == ["index.joblib"]
    assert "fewer than" not in result.output  # every shipped passage has its phrasings


def test_train_names_passages_the_matcher_barely_knows(
    runner: CliRunner, sources: Path, tmp_path: Path
) -> None:
    (sources / "parking.txt").write_text(
        "Parking at the Clinic\n\nWhere do I park?\n\n"
        "Visitors park for free in the lot behind the building, next to the pharmacy.\n"
    )
    path = tmp_path / "index.joblib"
    result = runner.invoke(
        main,
        ["train", "--no-cv", "--sources", str(sources), "--index", str(path), "--no-crisis-cv"],
    )
    assert result.exit_code == 0, result.output
    warning = next(line for line in result.output.splitlines() if "fewer than" in line)
    assert "parking" in warning and "phrasings.toml" in warning


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02", b"\xff\xfe\xfd"])
def test_train_refuses_bad_sources_and_keeps_the_live_index(
    runner: CliRunner, sources: Path, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "index.joblib"
    assert (
        runner.invoke(
            main,
            ["train", "--no-cv", "--sources", str(sources), "--index", str(path), "--no-crisis-cv"],
        ).exit_code
        == 0
    )
    before = path.read_bytes()
    (sources / "broken.txt").write_bytes(content)
    result = runner.invoke(
        main,
        ["train", "--no-cv", "--sources", str(sources), "--index", str(path), "--no-crisis-cv"],
    )
    assert result.exit_code == 1
    assert "broken.txt" in result.output and "Traceback" not in result.output
    assert path.read_bytes() == before


def test_train_keeps_the_live_index_below_the_floor_unless_forced(
    runner: CliRunner, sources: Path, tmp_path: Path
) -> None:
    for article in sources.iterdir():
        article.write_text("Gardening Notes\n\nTomatoes need sun and water every day.\n")
    path = tmp_path / "index.joblib"
    path.write_bytes(b"live index")
    result = runner.invoke(
        main,
        ["train", "--no-cv", "--sources", str(sources), "--index", str(path), "--no-crisis-cv"],
    )
    assert result.exit_code == 1 and "floor" in result.output
    assert path.read_bytes() == b"live index"
    forced = runner.invoke(
        main,
        [
            "train",
            "--no-cv",
            "--sources",
            str(sources),
            "--index",
            str(path),
            "--force",
            "--no-crisis-cv",
        ],
    )
    assert forced.exit_code == 0
    assert path.read_bytes() != b"live index"


def test_train_py_script_runs(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, str(root / "train.py"), "--index", str(tmp_path / "i.joblib"), "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and "--force" in result.stdout


def test_outdated_default_index_is_rebuilt(runner: CliRunner, tmp_path: Path, monkeypatch) -> None:
    import joblib

    monkeypatch.delenv("IOP_FAQ_INDEX", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cached = tmp_path / "iop-faq" / "index.joblib"
    cached.parent.mkdir()
    joblib.dump({"format": "iop-faq-index", "version": 0, "index": None}, cached)
    result = runner.invoke(main, ["ask", "--json", "how long does iop last"])
    assert result.exit_code == 0, result.output
    assert "from another version" in result.output  # the reason, on stderr
    assert json.loads(result.output.splitlines()[-1])["intent"] == "answer"


def test_default_index_built_from_files_no_longer_on_disk_is_rebuilt(
    runner: CliRunner, tmp_path: Path, index_path: Path, monkeypatch
) -> None:
    # A cache built from a checkout since deleted (its sources and data files gone) cannot be
    # checked against anything: it is rebuilt from the shipped corpus, not served as it is.
    monkeypatch.delenv("IOP_FAQ_INDEX", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cached = tmp_path / "iop-faq" / "index.joblib"
    cached.parent.mkdir()
    elsewhere = load_index(index_path, check_sources=False)
    gone = tmp_path / "deleted-checkout"
    elsewhere.metadata.update(sources_dir=str(gone / "sources"), data_dir=str(gone / "data"))
    elsewhere.save(cached)
    result = runner.invoke(main, ["ask", "--json", "how long does iop last"])
    assert result.exit_code == 0, result.output
    assert "no longer on disk" in result.output  # the reason, on stderr
    shipped = str(KnowledgeConfig.default().sources_dir.resolve())
    assert load_index(cached).metadata["sources_dir"] == shipped


def test_unknown_setting_in_the_environment_is_one_line(
    runner: CliRunner, index_path: Path
) -> None:
    env = {"IOP_FAQ_INDEX": str(index_path), "IOP_FAQ_ANSWER_TRESHOLD": "0.3"}
    result = runner.invoke(main, ["ask", "what is iop?"], env=env)
    assert result.exit_code == 1
    assert "Error: unknown setting(s) IOP_FAQ_ANSWER_TRESHOLD in the environment" in result.output
    assert "IOP_FAQ_BOT_ANSWER_THRESHOLD" in result.output


def test_ask_explain_prints_why_after_the_reply(runner: CliRunner, index_path: Path) -> None:
    result = runner.invoke(
        main, ["ask", "how long does iop last?", "--explain", "--index", str(index_path)]
    )
    assert result.exit_code == 0, result.output
    reply, _, reasons = result.output.partition("\nhandler: ")
    assert "Source:" in reply
    assert "decision: answer" in reasons and "crisis: none" in reasons
    assert "conversation:" not in reasons  # a first message has none to show


def test_ask_after_answers_and_explains_the_message_as_a_follow_up(
    runner: CliRunner, index_path: Path
) -> None:
    follow_up, earlier = "what's being done about it?", "is stigma a big problem for iops?"
    index = ["--index", str(index_path)]
    alone = json.loads(runner.invoke(main, ["ask", "--json", follow_up, *index]).output)
    after = runner.invoke(main, ["ask", "--json", follow_up, "--after", earlier, *index])
    followed = json.loads(after.output)
    assert alone["intent"] == "fallback" and followed["intent"] == "answer"
    topic = followed["context"]["topic"]
    explained = runner.invoke(main, ["ask", follow_up, "--after", earlier, "--explain", *index])
    assert f"conversation: topic {topic}; terms " in explained.output
    assert "with the conversation's topic" in explained.output


def test_ask_after_names_an_earlier_message_it_cannot_read(
    runner: CliRunner, index_path: Path
) -> None:
    result = runner.invoke(main, ["ask", "hi", "--after", "  ", "--index", str(index_path)])
    assert result.exit_code == 1
    assert "--after '  ': message is empty" in result.output


def test_ask_after_needs_a_message(runner: CliRunner, index_path: Path) -> None:
    result = runner.invoke(
        main, ["ask", "--jsonl", "--after", "hi", "--index", str(index_path)], input=""
    )
    assert result.exit_code == 2
    assert "--after goes with a MESSAGE" in result.output
