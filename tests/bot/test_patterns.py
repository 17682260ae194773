"""Screened patterns: the literal pre-check never hides a match."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from bot.data_files import normalize_message
from bot.patterns import Screen, ScreenedPattern, required_strings
from bot.settings import bot_data_dir
from tests.bot.test_crisis import CRISIS, NOT_CRISIS


def test_required_strings_come_from_the_telling_words() -> None:
    assert all("burden" in s for s in required_strings(r"\bwont be a burden\b") or ())
    assert required_strings(r"\b(loaded|cocked) (my )?gun\b") == {"loaded", "cocked"}


def test_optional_parts_are_never_required() -> None:
    strings = required_strings(r"\b(my )?plan is set\b") or frozenset()
    assert strings and not any("my" in s for s in strings)


@pytest.mark.parametrize("pattern", [r"\bs[ui]{1,2}c[ie]{1,2}d\b", r"(?i)EMDR", r"\b(to|of)\b"])
def test_patterns_without_telling_literals_are_not_screened(pattern: str) -> None:
    assert required_strings(pattern) is None
    assert ScreenedPattern.compile(pattern).possible("anything at all")


def data_file_patterns() -> list[str]:
    """Every regular expression in the bot's TOML data files."""
    found: list[str] = []

    def collect(value: object) -> None:
        if isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, str) and "\\b" in item:
                    found.append(item)
                else:
                    collect(item)

    for path in sorted(bot_data_dir().glob("*.toml")):
        collect(tomllib.loads(path.read_text(encoding="utf-8")))
    return found


def sample_messages() -> list[str]:
    eval_dir = Path(__file__).resolve().parents[2] / "knowledge" / "data" / "golden.jsonl"
    golden = [json.loads(line)["q"] for line in eval_dir.read_text().splitlines() if line.strip()]
    return [normalize_message(m) for m in [*CRISIS, *NOT_CRISIS, *golden]]


def test_screening_never_hides_a_match() -> None:
    patterns = [ScreenedPattern.compile(p) for p in data_file_patterns()]
    assert len(patterns) > 150
    screen = Screen(patterns)
    for text in sample_messages():
        candidates = set(screen.candidates(text))
        for position, pattern in enumerate(patterns):
            expected = pattern.regex.search(text) is not None
            assert (pattern.search(text) is not None) == expected, (pattern.pattern, text)
            assert position in candidates or not expected, (pattern.pattern, text)
