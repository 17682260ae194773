"""The README's commands stay true."""

import re
from pathlib import Path

from bot.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_documented_command_exists() -> None:
    documented = set(re.findall(r"`iop-faq (\w+)", README))
    assert documented, "README documents no commands"
    assert documented <= set(main.commands), documented - set(main.commands)


def test_every_command_is_documented() -> None:
    for name in main.commands:
        assert f"iop-faq {name}" in README


def test_readme_test_command_is_what_ci_runs() -> None:
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "tests/run.sh" in README and "tests/run.sh" in ci
