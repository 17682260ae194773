"""The bot's word lists and pattern files."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.data_files import compile_patterns, load_words
from bot.patterns import combine


def test_word_list_skips_comments_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "words.txt"
    path.write_text("# header\n\ncar\n  time \n", encoding="utf-8")
    assert load_words(path) == ["car", "time"]


def test_missing_word_list_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot read bot data file .*missing.txt"):
        load_words(tmp_path / "missing.txt")


def test_combined_pattern_matches_wherever_one_does() -> None:
    combined = combine(compile_patterns([r"\bfoo\b", r"\bbar (baz|qux)\b"]))
    assert combined.search("a bar qux")
    assert combined.search("foo")
    assert not combined.search("food bar")
    assert not combine(()).search("anything")
