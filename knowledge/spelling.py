"""Visitors' typos corrected to words the knowledge knows ("teenegers" -> "teenagers").

A word no article, visitor phrasing or everyday-word list knows is replaced by the known word
one edit away (a letter dropped, added or replaced, or two neighbours swapped: a
Damerau-Levenshtein distance of 1) that the articles and phrasings use most. Known words are
never changed, so a real word typed by mistake ("weak" for "week") stays as it is, and so does
an unknown word with no close known one ("hypnotherapy"): the knowledge cannot speak to it.
Misspellings listed in a data file (`misspellings.txt`: "lenght length") are read as the word
meant, first: the visitor phrasings misspell words on purpose, which would make them known. So
are the other spellings of the knowledge's words that rules in `spellings.toml` make ("behaviour"
for "behavior"), since those are real words no typo search would change.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from knowledge.data_files import compile_regex, read_lines, read_toml, reject_unknown, shown, tables
from knowledge.errors import DataFileError

_WORD_RE = re.compile(r"[a-z]+")
_ELONGATED = re.compile(r"([a-z])\1{2,}")  # a letter typed three times or more: "heyyy", "sooo"
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_PAIR_RE = re.compile(r"([a-z]+) ([a-z]+)")
MAX_CACHED = 10_000  # corrections remembered per process; the table starts again beyond this
MIN_RESPELLED = 5  # shorter words of the knowledge get no other spelling ("door" is not "dour")


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
    words are one edit from "ur" or "abt") and words longer than any known word; nor is a
    word corrected to one shorter than that (the acronym "fmla" is not "fla"). A word of at
    least `far_length` letters with no known word one edit away may be two edits from a word of
    the knowledge ("tehraphy", "fleksible"): the most similar one of about its length and first
    letter, when similar enough (`difflib`'s ratio of at least `far_similarity`). `fixed`:
    misspelt word -> the word meant, read before anything else (none of them is known).

    At most `max_corrections` words of a message are looked up, and at most `max_far` of them
    searched two edits deep, so a message of made-up words stays cheap. Both count every word
    that needs it, remembered or not, so a reply depends on the message alone. `rare`: real
    words too rare to be known, never searched two edits deep ("undefined" is no typo of
    "underfunded"), though one edit may still correct them.
    """

    ranks: dict[str, int]
    fixed: dict[str, str] = field(default_factory=dict)
    min_length: int = 4
    max_corrections: int = 8
    far_length: int = 6
    far_similarity: float = 0.8
    max_far: int = 2
    rare: frozenset[str] = frozenset()
    _max_length: int = field(default=0, init=False, repr=False, compare=False)
    _near: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _far: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _shapes: dict[tuple[str, int], tuple[str, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_max_length", max(map(len, self.ranks), default=0) + 1)

    def __getstate__(self) -> dict[str, object]:
        # The per-process tables (corrections found, words by shape) are never saved.
        return {k: v for k, v in self.__dict__.items() if k not in _PER_PROCESS}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        for name in _PER_PROCESS:
            object.__setattr__(self, name, {})

    def with_words(self, words: Iterable[str], rank: int = 1) -> Speller:
        """A speller that also knows `words` (say, medication names a data file lists), each at
        least at `rank`."""
        ranks = dict(self.ranks)
        for text in words:
            for word in words_of(text):
                ranks[word] = max(ranks.get(word, 0), rank)
        return replace(self, ranks=ranks)

    def with_misspellings(self, fixed: dict[str, str]) -> Speller:
        """A speller that reads each misspelt word of `fixed` as the word meant (and no longer
        knows the misspelt words)."""
        ranks = {word: rank for word, rank in self.ranks.items() if word not in fixed}
        return replace(self, ranks=ranks, fixed={**self.fixed, **fixed})

    def with_other_spellings(self, rules: Iterable[SpellingRule]) -> Speller:
        """A speller that reads the other spellings `rules` make of its words ("behaviour",
        "counselling") as those words, unless the knowledge uses the other spelling as often
        (a visitor phrasing may spell "programme") or lists it as a misspelling already.
        Everyday words count too: "recognise" read as "recognize" shares the stem of the
        articles' "recognizing"."""
        rules = tuple(rules)
        fixed = dict(self.fixed)
        for word, rank in sorted(self.ranks.items()):
            if len(word) < MIN_RESPELLED:
                continue
            for rule in rules:
                other = rule.respell(word)
                if other and self.ranks.get(other, 0) < max(rank, 1) and other not in fixed:
                    fixed[other] = word
        ranks = {word: rank for word, rank in self.ranks.items() if word not in fixed}
        return replace(self, ranks=ranks, fixed=fixed)

    def with_rare_words(self, words: Iterable[str]) -> Speller:
        """A speller that never searches two edits deep for one of `words` (rare real words)."""
        return replace(self, rare=self.rare | frozenset(words))

    def _looked_at(self, word: str) -> bool:
        """Whether a word is one the speller may correct: unknown, letters only, not too short
        or too long."""
        return (
            word not in self.ranks
            and self.min_length <= len(word) <= self._max_length
            and word.isalpha()
        )

    def correct_word(self, word: str, far: bool = True) -> str:
        """The known word a lowercase word is most likely a typo of, or the word itself (`far`:
        searched two edits deep when nothing is one edit away). A word drawn out for emphasis
        ("heyyy", "hellooo", "pleaseee") is first read with each drawn-out letter typed once,
        when that makes a known word, however short."""
        meant = self.fixed.get(word)
        if meant is not None:
            return meant
        if not self._looked_at(word):
            return word
        return self._without_drawn_out_letters(word) or self._edited(word, far)

    def correct(self, text: str) -> str:
        """A normalised (lowercase) message with its likely typos corrected."""
        looked_up = searched_far = 0

        def corrected(match: re.Match[str]) -> str:
            nonlocal looked_up, searched_far
            word = match.group(0)
            meant = self.fixed.get(word)
            if meant is not None:
                return meant
            if not self._looked_at(word) or looked_up >= self.max_corrections:
                return word
            looked_up += 1
            plain = self._without_drawn_out_letters(word)
            if plain is not None:
                return plain
            searched_far += self._one_edit(word) == word and self._needs_far(word)
            return self._edited(word, far=searched_far <= self.max_far)

        return _WORD_RE.sub(corrected, text)

    def _edited(self, word: str, far: bool) -> str:
        """The most used known word one edit away, else (`far`, for a long word) the most
        similar word of the knowledge two edits away, else the word itself."""
        found = self._one_edit(word)
        if far and found == word and self._needs_far(word):
            found = self._two_edits(word)
        return found

    def _without_drawn_out_letters(self, word: str) -> str | None:
        """The known word a drawn-out word makes with each drawn-out letter typed once, if any."""
        plain = _ELONGATED.sub(r"\1", word)
        return plain if plain != word and plain in self.ranks else None

    def _needs_far(self, word: str) -> bool:
        return len(word) >= self.far_length and word not in self.rare

    def _one_edit(self, word: str) -> str:
        """The most used known word one edit away (among equals the alphabetically first, so
        replies are stable), or the word itself."""
        found = self._near.get(word)
        if found is None:
            ranks, shortest = self.ranks, self.min_length
            close = [c for c in one_edit_away(word) if c in ranks and len(c) >= shortest]
            found = min(close, key=lambda c: (-ranks[c], c)) if close else word
            _remember(self._near, word, found)
        return found

    def _two_edits(self, word: str) -> str:
        """The most similar word of the knowledge of about the same length and first letter,
        when similar enough, or the word itself."""
        found = self._far.get(word)
        if found is None:
            shapes = self._shapes
            if not shapes:
                grouped: dict[tuple[str, int], list[str]] = {}
                for known, rank in sorted(self.ranks.items()):
                    if rank > 0:
                        grouped.setdefault((known[0], len(known)), []).append(known)
                shapes.update({k: tuple(v) for k, v in grouped.items()})
            lengths = range(len(word) - 2, len(word) + 3)
            similar = [c for n in lengths for c in shapes.get((word[0], n), ())]
            close = difflib.get_close_matches(word, similar, n=1, cutoff=self.far_similarity)
            found = close[0] if close else word
            _remember(self._far, word, found)
        return found


_PER_PROCESS = ("_near", "_far", "_shapes")


def _remember(table: dict[str, str], word: str, found: str) -> None:
    if len(table) >= MAX_CACHED:
        table.clear()
    table[word] = found


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


@dataclass(frozen=True)
class SpellingRule:
    """One way a word of the knowledge is spelled otherwise: the whole word matched by
    `pattern` is written `other` (with the pattern's groups, as \\1)."""

    pattern: re.Pattern[str]
    other: str

    def respell(self, word: str) -> str | None:
        """The word's other spelling, or None when the rule does not apply."""
        if self.pattern.fullmatch(word) is None:
            return None
        other = self.pattern.sub(self.other, word)
        return other if other != word else None


def load_spelling_rules(path: Path) -> tuple[SpellingRule, ...]:
    """A spellings file: [[rule]] tables of `pattern`, `other` and `example` ("american
    other"), each example checked against its rule."""
    rules = []
    for number, entry in enumerate(tables(read_toml(path), "rule", "the file"), start=1):
        at = f"rule {number}"
        reject_unknown(entry, {"pattern", "other", "example"}, at)
        for key in ("pattern", "other", "example"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise DataFileError(f"{at}: `{key}` must be a non-empty string")
        rule = SpellingRule(compile_regex(entry["pattern"], at, lowercase=True), entry["other"])
        example = _PAIR_RE.fullmatch(" ".join(entry["example"].split()))
        if example is None:
            raise DataFileError(
                f"{at}: example {entry['example']!r} must be two lowercase words, "
                "as 'behavior behaviour'"
            )
        word, expected = example.groups()
        try:
            got = rule.respell(word)
        except re.error as exc:  # a group `other` names that the pattern lacks
            raise DataFileError(
                f"{at}: `other` {entry['other']!r} cannot be written: {exc}"
            ) from exc
        if got != expected:
            raise DataFileError(
                f"{at}: the rule turns {word!r} into {got or word!r}, not {expected!r}; "
                "correct `pattern`, `other` or `example`"
            )
        rules.append(rule)
    return tuple(rules)


def load_misspellings(path: Path) -> dict[str, str]:
    """A misspellings file: "misspelt meant" per line (two lowercase words), `#` comments."""
    found: dict[str, str] = {}
    for line in read_lines(path):
        pair = _PAIR_RE.fullmatch(" ".join(line.split()))
        if pair is None:
            raise DataFileError(
                f"line {line!r} is not a misspelt word and the word meant; write two lowercase "
                "words, as 'lenght length'",
                shown(path),
            )
        typo, meant = pair.groups()
        if typo == meant:
            raise DataFileError(f"line {line!r} gives the same word twice; remove it", shown(path))
        if found.get(typo, meant) != meant:
            raise DataFileError(
                f"{typo!r} is listed twice, meaning {found[typo]!r} and {meant!r}; keep one",
                shown(path),
            )
        found[typo] = meant
    return found


def misspelling_faults(fixed: dict[str, str], english: set[str]) -> list[str]:
    """What is wrong with misspellings (`fixed`): a misspelt word that is an English word of the
    word lists ("manic" is no typo of "panic"), or a word meant that is itself listed as a
    misspelling."""
    faults = []
    for typo, meant in fixed.items():
        if typo in english:
            faults.append(
                f"{typo!r} is an English word of the word lists (common_words.txt, "
                "english_words.txt, stopwords.txt); remove its line"
            )
        if meant in fixed:
            faults.append(
                f"{typo!r} means {meant!r}, itself listed as a misspelling; write the word meant"
            )
    return faults
