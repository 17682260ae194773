"""Requests the bot declines by their nature: personal medical advice, program contact details."""

from __future__ import annotations

import re
from pathlib import Path

from bot.data_files import compile_patterns, load_toml
from bot.patterns import combine


class DeclineRule:
    """Patterns for one kind of request the bot does not answer, and what it says instead.

    Loaded from a data file with `patterns` (regular expressions matched against the
    lowercased message, apostrophes removed), optionally `names` (words matched whole, a
    plural "s" allowed: medication names) and `reply`.
    """

    def __init__(self, path: Path) -> None:
        data = load_toml(path)
        self.name = path.stem
        patterns = list(data["patterns"])
        names = sorted({n.strip().lower() for n in data.get("names", []) if n.strip()})
        if names:
            patterns.append(r"\b(" + "|".join(re.escape(n) for n in names) + r")s?\b")
        self._any = combine(compile_patterns(patterns))
        self.reply: str = data["reply"]

    def matches(self, text: str) -> bool:
        """True when a normalised message is this kind of request."""
        return self._any.search(text) is not None
