"""Tell messages written in another language than English, from `bot/data/languages.toml`: the
articles are in English, so the bot says so and points to a help line with interpreters."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from bot.data_files import compile_patterns, load_toml, need, reading
from bot.errors import BotDataError
from bot.patterns import Alternation, combine
from bot.resources import Resource, ResourceBook
from knowledge.data_files import reject_unknown, strings, tables

LANGUAGES_FILE = "languages.toml"
_WORD = re.compile(r"[^\W\d_]+")  # a run of letters, in any script
_PLACEHOLDER = "{help_line}"
_NAME_SLOT = "<language>"


def words_in(text: str) -> list[str]:
    """The runs of letters of a text, in any script."""
    return _WORD.findall(text)


@dataclass(frozen=True)
class Language:
    """One language: the words that tell it, or its own script, and its line of the reply."""

    name: str
    words: frozenset[str]
    script: re.Pattern[str] | None = None
    reply: str = ""  # "" when no line is written in it: the English reply alone
    names: tuple[str, ...] = ()  # what visitors call it in English ("spanish", "creole")


@dataclass(frozen=True)
class Languages:
    """The languages the bot tells apart from English, and what it replies to them."""

    languages: tuple[Language, ...]
    reply: str  # in English, for every language
    help_line: Resource
    min_share: float
    min_words: int
    asks: Alternation | None = None  # a request, in English, for one of the languages
    # The declines such a request gives way to ("a spanish speaking program in holyoke" asks
    # to find a program first): names of files in declines/, without their number.
    asks_give_way_to: tuple[str, ...] = ()

    @classmethod
    def from_file(cls, path: Path, resources: ResourceBook) -> Languages:
        """Load and check the file: any fault is one `BotDataError` naming it and the entry."""
        with reading(path):
            data = load_toml(path)
            known = {"help_line", "min_share", "min_words", "reply", "language"}
            known |= {"asks", "asks_give_way_to"}
            reject_unknown(data, known, "the file", BotDataError)
            key = need(data, "help_line", str)
            resources.require([key], "help_line")
            help_line = resources.resources[key]
            if help_line.tel is None:
                raise BotDataError(f"help_line {key!r} has no `tel` number in resources.toml")
            min_share = _number(data, "min_share")
            if not 0 < min_share <= 1:
                raise BotDataError(f"min_share is {min_share}; give a share from 0 (excluded) to 1")
            min_words = need(data, "min_words", int)
            if min_words < 1:
                raise BotDataError(f"min_words is {min_words}; give 1 or more")
            entries = tables(data, "language", "the file", BotDataError)
            languages = tuple(
                _language(entry, number, help_line.tel) for number, entry in enumerate(entries, 1)
            )
            if not languages:
                raise BotDataError("has no [[language]] entries; restore them")
            reply = _filled(need(data, "reply", str), "reply", help_line.tel)
            asks = _requests(strings(data, "asks", "the file", BotDataError), languages)
            give_way = tuple(strings(data, "asks_give_way_to", "the file", BotDataError))
            return cls(languages, reply, help_line, min_share, min_words, asks, give_way)

    def detect(self, text: str) -> Language | None:
        """The language a normalised (lowercased) message is written in, or None for English
        (or too little to tell)."""
        words = words_in(text)
        if not words:
            return None
        counts = [0] * len(self.languages)
        by_word = self._by_word
        for word in words:
            for i in by_word.get(word, ()):
                counts[i] += 1
        needed = max(self.min_words, self.min_share * len(words))
        counts = [n if n >= needed else 0 for n in counts]
        if not text.isascii():  # a script of its own is never ASCII (checked at load)
            letters = sum(map(len, words))
            for i, language in enumerate(self.languages):
                if language.script is not None:
                    n = len(language.script.findall(text))
                    counts[i] = n if n >= self.min_share * letters else 0
        best = max(range(len(counts)), key=counts.__getitem__)  # the first of equals
        return self.languages[best] if counts[best] else None

    def asked_for(self, text: str) -> Language | None:
        """The language a normalised English message asks for ("do you speak spanish", "is
        there iop in portuguese"), by one of its `names`; None when it asks for none."""
        found = self.asks.search(text) if self.asks is not None else None
        if found is None:
            return None
        said = found.group(0)
        return next((language for name, language in self._by_name if name.search(said)), None)

    @cached_property
    def _by_name(self) -> tuple[tuple[re.Pattern[str], Language], ...]:
        """Each name as a whole-word pattern with its language, the longest names first
        ("haitian creole" before "creole")."""
        names = [(n, language) for language in self.languages for n in language.names]
        names.sort(key=lambda pair: len(pair[0]), reverse=True)
        return tuple((re.compile(rf"\b{re.escape(n)}\b"), language) for n, language in names)

    @cached_property
    def words(self) -> frozenset[str]:
        """Every listed word, of every language."""
        return frozenset(word for language in self.languages for word in language.words)

    @cached_property
    def _by_word(self) -> dict[str, tuple[int, ...]]:
        """Each listed word and the positions of the languages that list it."""
        found: dict[str, list[int]] = {}
        for i, language in enumerate(self.languages):
            for word in language.words:
                found.setdefault(word, []).append(i)
        return {word: tuple(positions) for word, positions in found.items()}

    def reply_to(self, language: Language) -> str:
        """The reply: in English, then in the visitor's language when a line is written."""
        return f"{self.reply}\n\n{language.reply}" if language.reply else self.reply


def _language(entry: dict[str, Any], number: int, number_to_call: str) -> Language:
    where = f"[[language]] {number}"
    name = need(entry, "name", str, where)
    where = f"[[language]] {name!r}"
    reject_unknown(entry, {"name", "words", "script", "reply", "names"}, where, BotDataError)
    words = strings(entry, "words", where, BotDataError)
    if not all(isinstance(w, str) and w == w.lower() and w.strip() == w and w for w in words):
        raise BotDataError(f"{where}: words must be non-empty lowercase strings without spaces")
    twice = sorted({w for w in words if words.count(w) > 1})
    if twice:
        raise BotDataError(f"{where}: {', '.join(map(repr, twice))} listed twice; keep one")
    script = None
    if "script" in entry:
        source = need(entry, "script", str, where)
        try:
            script = re.compile(source)
            if script.search(string.printable):
                raise BotDataError(
                    f"{where}: script {source!r} matches ASCII; give its own letters"
                )
        except re.error as error:
            raise BotDataError(
                f"{where}: script {source!r} is not a regular expression: {error}"
            ) from error
    if not words and script is None:
        raise BotDataError(f"{where}: give `words` or a `script` to tell the language by")
    reply = _filled(entry.get("reply", ""), f"{where} reply", number_to_call)
    names = strings(entry, "names", where, BotDataError)
    if not all(isinstance(n, str) and n == n.lower() and n.strip() == n and n for n in names):
        raise BotDataError(f"{where}: names must be non-empty lowercase strings")
    return Language(name, frozenset(words), script, reply, tuple(names))


def _requests(patterns: list[Any], languages: tuple[Language, ...]) -> Alternation | None:
    """The `asks` patterns, with `<language>` standing for any language's `names`."""
    if not patterns:
        return None
    names = [n for language in languages for n in language.names]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise BotDataError(f"names {', '.join(map(repr, twice))} given to two languages; keep one")
    if not names:
        raise BotDataError("`asks` needs languages with `names` to stand for <language>")
    for pattern in patterns:
        if not isinstance(pattern, str) or _NAME_SLOT not in pattern:
            raise BotDataError(f"asks pattern {pattern!r} must hold {_NAME_SLOT}")
    alternation = "(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + ")"
    filled = [p.replace(_NAME_SLOT, alternation) for p in patterns]
    return combine(compile_patterns(filled, "asks pattern"))


def _filled(reply: Any, where: str, number_to_call: str) -> str:
    """A reply with the help line's number in place of "{help_line}", which it must name."""
    if not isinstance(reply, str):
        raise BotDataError(f"{where} must be a string")
    if reply and _PLACEHOLDER not in reply:
        raise BotDataError(f"{where} must give the help line's number as {_PLACEHOLDER}")
    return reply.replace(_PLACEHOLDER, number_to_call)


def _number(data: dict[str, Any], key: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BotDataError(f"`{key}` must be a number")
    return float(value)
