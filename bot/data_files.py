"""Load the bot's maintainer-edited data files; any fault is a `BotDataError` of one line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import BotDataError
from bot.patterns import ScreenedPattern, beyond_ascii, required_strings
from knowledge import data_files
from knowledge.text import matching_form


def load_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML data file, naming the file in any error."""
    return data_files.read_toml(path, BotDataError)


def load_words(path: Path) -> list[str]:
    """A word list: one word per line, `#` comments and blank lines ignored."""
    return data_files.read_lines(path, BotDataError)


def need(table: dict[str, Any], key: str, kind: type, where: str = "the file") -> Any:
    """`table[key]`, present and of `kind`, or a `BotDataError` saying what to add."""
    return data_files.need(table, key, kind, where, BotDataError)


def compile_patterns(patterns: Any, where: str = "pattern") -> tuple[ScreenedPattern, ...]:
    """Regular expressions for matching normalised (lowercased) messages, checked now (invalid
    ones, capitals and backspaces, `\\b` in double quotes, are refused) and compiled when first
    needed."""
    if not isinstance(patterns, list):
        raise BotDataError(f"{where}s must be a list of strings in single quotes, '...'")
    screened = []
    for i, pattern in enumerate(patterns, 1):
        parsed = data_files.parse_regex(pattern, f"{where} {i}", lowercase=True, error=BotDataError)
        screened.append(
            ScreenedPattern(
                pattern, required_strings(pattern, parsed), beyond_ascii(pattern, parsed)
            )
        )
    return tuple(screened)


def word_alternation(words: list[str]) -> str:
    """A non-capturing group matching any of `words` whole (`\\b` at both ends), written as a
    tree of shared prefixes: the regex engine then reads a word once instead of trying every
    listed word in turn (hundreds of place names cost no more than a few)."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    if not tree:
        return r"(?!)"
    return r"\b" + _tree_regex(tree) + r"\b"


def _tree_regex(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = [
        (" " if char == " " else re.escape(char)) + _tree_regex(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
    if ends:
        body = (body if body.startswith("(?:") else "(?:" + body + ")") + "?"
    return body


def compile_phrases(phrases: list[str], where: str = "phrases") -> re.Pattern[str]:
    """One regular expression matching any of `phrases` as whole words."""
    return re.compile(data_files.phrase_regex(phrases, where, BotDataError))


def load_background(path: Path) -> tuple[ScreenedPattern, ...]:
    """Phrases saying who sent the visitor, left out of the lookup (`background.toml`)."""
    with reading(path):
        data = load_toml(path)
        data_files.reject_unknown(data, {"patterns", "minor_ages"}, "the file", BotDataError)
        return compile_patterns(need(data, "patterns", list))


@dataclass(frozen=True)
class MinorAges:
    """Phrases giving a minor's age ("a 16 year old", "im 15"), read as one word in the lookup
    (`background.toml`'s `[minor_ages]`)."""

    patterns: tuple[ScreenedPattern, ...] = ()
    read_as: str = ""

    def read(self, text: str) -> str:
        """The text with each minor's age replaced by `read_as`."""
        for pattern in self.patterns:
            if pattern.possible(text):
                text = pattern.sub(f" {self.read_as} ", text)
        return text


def load_minor_ages(path: Path) -> MinorAges:
    """`background.toml`'s `[minor_ages]` (none when the file has no such table)."""
    with reading(path):
        table = load_toml(path).get("minor_ages")
        if table is None:
            return MinorAges()
        if not isinstance(table, dict):
            raise BotDataError("`minor_ages` must be a table: [minor_ages]")
        where = "[minor_ages]"
        data_files.reject_unknown(table, {"patterns", "read_as"}, where, BotDataError)
        read_as = need(table, "read_as", str, where)
        if not read_as.strip() or read_as != read_as.lower():
            raise BotDataError(f"{where}: `read_as` must be a lowercase word, as messages are read")
        patterns = compile_patterns(need(table, "patterns", list), "minor age pattern")
        return MinorAges(patterns, read_as)


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Faults found while loading `path` name it."""
    with data_files.naming(path, BotDataError):
        yield


def normalize_message(text: str) -> str:
    """Lowercase, straighten quotes, drop apostrophes and an acronym's dots ("I.O.P." ->
    "iop"), and collapse whitespace for matching (`knowledge.text.matching_form`)."""
    return matching_form(text)
