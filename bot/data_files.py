"""Load the bot's maintainer-edited TOML data files."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from bot.patterns import ScreenedPattern
from knowledge.text import collapse_spaces, normalize_text


def load_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML data file, naming the file in any error."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"cannot read bot data file {path}: {exc}") from exc


def load_words(path: Path) -> list[str]:
    """A word list: one word per line, `#` comments and blank lines ignored."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ValueError(f"cannot read bot data file {path}: {exc}") from exc
    return [w for line in lines if (w := line.strip()) and not w.startswith("#")]


def compile_patterns(patterns: list[str]) -> tuple[ScreenedPattern, ...]:
    """Compile regular expressions for matching normalised messages."""
    return tuple(ScreenedPattern.compile(p) for p in patterns)


def normalize_message(text: str) -> str:
    """Lowercase, straighten quotes, drop apostrophes and collapse whitespace for matching."""
    text = normalize_text(text).lower().replace("'", "").replace("`", "")
    return collapse_spaces(re.sub(r"\s+", " ", text))
