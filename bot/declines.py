"""Requests the bot declines by their nature: personal medical advice, program contact details."""

from __future__ import annotations

from pathlib import Path

from bot.data_files import compile_patterns, load_toml
from bot.patterns import combine


class DeclineRule:
    """Patterns for one kind of request the bot does not answer, and what it says instead.

    Loaded from a data file with `patterns` (regular expressions matched against the
    lowercased message, apostrophes removed) and `reply`.
    """

    def __init__(self, path: Path) -> None:
        data = load_toml(path)
        self.name = path.stem
        self._any = combine(compile_patterns(data["patterns"]))
        self.reply: str = data["reply"]

    def matches(self, text: str) -> bool:
        """True when a normalised message is this kind of request."""
        return self._any.search(text) is not None
