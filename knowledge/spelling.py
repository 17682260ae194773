"""Visitors' typos corrected to words the knowledge knows ("teenegers" -> "teenagers").

A word no article, visitor phrasing or everyday-word list knows is replaced by the known word
one edit away (a letter dropped, added or replaced, or two neighbours swapped: a
Damerau-Levenshtein distance of 1) that the articles and phrasings use most. Known words are
never changed, so a real word typed by mistake ("weak" for "week") stays as it is, and so does
an unknown word with no close known one ("hypnotherapy"): the knowledge cannot speak to it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

_WORD_RE = re.compile(r"[a-z]+")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_VOWELS = frozenset("aeiouy")
MAX_CACHED = 10_000  # corrections remembered per process; the table starts again beyond this


def words_of(text: str) -> list[str]:
    """The lowercase words of a text as messages are read: apostrophes dropped ("don't" ->
    "dont"), letters only."""
    return _WORD_RE.findall(text.lower().replace("'", "").replace("\u2019", ""))


def one_edit_away(word: str) -> set[str]:
    """Every string one edit from `word`: a letter dropped, added or replaced, or two
    neighbouring letters swapped."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {a + b[1:] for a, b in splits if b}
    found.update(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    found.update(a + c + b[1:] for a, b in splits if b for c in _LETTERS)
    found.update(a + c + b for a, b in splits for c in _LETTERS)
    found.discard(word)
    return found


@dataclass(frozen=True)
class Speller:
    """Known words and how much each is preferred as a correction.

    `ranks`: known word -> how often the articles and visitor phrasings use it; 0 for words
    known only as everyday English, which are never changed but are chosen only when no word of
    the knowledge is as close. Words shorter than `min_length` are left alone (too many known
    words are one edit from "ur" or "abt"), and so are words longer than any known word. At
    most `max_corrections` words of one message are looked up, which bounds the cost of a
    message made of made-up words.
    """

    ranks: dict[str, int]
    min_length: int = 4
    max_corrections: int = 8
    _max_length: int = field(default=0, init=False, repr=False, compare=False)
    _cache: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_max_length", max(map(len, self.ranks), default=0) + 1)

    def __getstate__(self) -> dict[str, object]:
        # The per-process table of corrections is never saved.
        return {k: v for k, v in self.__dict__.items() if k != "_cache"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        object.__setattr__(self, "_cache", {})

    def with_words(self, words: Iterable[str], rank: int = 1) -> Speller:
        """A speller that also knows `words` (say, medication names a data file lists), each at
        least at `rank`."""
        ranks = dict(self.ranks)
        for text in words:
            for word in words_of(text):
                ranks[word] = max(ranks.get(word, 0), rank)
        return Speller(ranks, self.min_length, self.max_corrections)

    def knows(self, word: str) -> bool:
        return word in self.ranks

    def correct_word(self, word: str) -> str:
        """The known word a lowercase word is most likely a typo of, or the word itself."""
        if (
            word in self.ranks
            or not self.min_length <= len(word) <= self._max_length
            or not word.isalpha()
            or _VOWELS.isdisjoint(word)  # an acronym ("fmla"), not a typo
        ):
            return word
        cache = self._cache
        found = cache.get(word)
        if found is None:
            ranks = self.ranks
            # Never to a shorter word than a typo is looked at in: "fmla" is not "fla".
            shortest = self.min_length
            close = [c for c in one_edit_away(word) if c in ranks and len(c) >= shortest]
            # The most used word; among equals the alphabetically first, so replies are stable.
            found = min(close, key=lambda c: (-ranks[c], c)) if close else word
            if len(cache) >= MAX_CACHED:
                cache.clear()
            cache[word] = found
        return found

    def correct(self, text: str) -> str:
        """A normalised (lowercase) message with its likely typos corrected."""
        looked_up = 0

        def replace(match: re.Match[str]) -> str:
            nonlocal looked_up
            word = match.group(0)
            if word in self.ranks or len(word) < self.min_length:
                return word
            if looked_up >= self.max_corrections:
                return word
            looked_up += 1
            return self.correct_word(word)

        return _WORD_RE.sub(replace, text)


def build_speller(used: Iterable[str], known: Iterable[str] = ()) -> Speller:
    """A speller from the texts the knowledge uses (articles, visitor phrasings: their words
    ranked by how often they occur) and words known without being preferred (everyday English,
    questions out of scope)."""
    counts: Counter[str] = Counter()
    for text in used:
        counts.update(words_of(text))
    ranks = dict.fromkeys((w for text in known for w in words_of(text)), 0)
    ranks.update(counts)
    return Speller(ranks)
