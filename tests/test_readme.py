"""The README's commands stay true."""

import re
from pathlib import Path

from bot.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_documented_command_exists() -> None:
    documented = set(re.findall(r"`iop-faq ([\w-]+)", README))
    assert documented, "README documents no commands"
    assert documented <= set(main.commands), documented - set(main.commands)


def test_every_command_is_documented() -> None:
    for name in main.commands:
        assert f"iop-faq {name}" in README


def test_readme_test_command_is_what_ci_runs() -> None:
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "tests/run.sh" in README and "tests/run.sh" in ci


def test_health_example_matches_the_shipped_index(index) -> None:
    from knowledge.index import FORMAT_VERSION

    example = re.search(
        r'`GET /api/health` returns `\{"status": "ok", "passages": (\d+), '
        r'"index_version": (\d+)',
        README.replace("\n", " "),
    )
    assert example, "README shows no /api/health example"
    assert int(example.group(2)) == FORMAT_VERSION
    assert int(example.group(1)) == len(index.passages)
