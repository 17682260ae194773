"""Requests the bot declines by their nature: personal medical advice, program contact details.

Each kind is a data file in `bot/data/declines/`, tried in the order of the file names
(`10_advice.toml` before `20_out_of_scope.toml`): add a file to add a kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Set
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bot.data_files import compile_patterns, load_toml, need, reading, word_alternation
from bot.errors import BotDataError
from bot.patterns import AnyPattern, ScreenedPattern
from bot.resources import ResourceBook
from knowledge.data_files import reject_unknown, shown, strings

DECLINES_DIR = "declines"
_ORDERED_NAME = re.compile(r"(?P<order>\d+)_(?P<name>[a-z0-9_]+)")


@dataclass(frozen=True)
class DeclineRule:
    """Patterns for one kind of request the bot does not answer, and what it says instead.

    Loaded from a data file with `patterns` (regular expressions matched against the
    lowercased message, apostrophes removed), optionally `names` (words matched whole, a
    plural "s" allowed: medication names), optionally `[lists]` of names (places, providers)
    matched whole where a pattern says `<list>`, and `reply`.
    """

    name: str
    patterns: tuple[ScreenedPattern, ...]
    reply: str
    names: tuple[str, ...] = ()  # words matched whole, also known to the speller
    lists: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (list, its names); known to the speller
    templates: tuple[str, ...] = ()  # the patterns as written, `<list>` not yet filled in
    # Words ("therapy") whose modifier, when the articles never use it ("equine therapy"), names
    # a kind of care they do not describe; `not_names`, words there that name none ("hates").
    unnamed_heads: tuple[str, ...] = ()
    not_names: frozenset[str] = frozenset()
    matcher: AnyPattern = field(init=False, repr=False, compare=False)
    _modifier: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "matcher", AnyPattern(self.patterns))
        heads = "|".join(re.escape(h) for h in self.unnamed_heads)
        modifier = re.compile(rf"\b([a-z]+) (?:{heads})\b") if heads else None
        object.__setattr__(self, "_modifier", modifier)

    @classmethod
    def from_file(cls, path: Path) -> DeclineRule:
        with reading(path):
            data = load_toml(path)
            known = {"patterns", "names", "lists", "reply", "unnamed_heads", "not_names"}
            reject_unknown(data, known, "the file", BotDataError)
            lists = named_lists(data.get("lists", {}))
            templates = list(need(data, "patterns", list))
            names = sorted(
                {str(n).strip().lower() for n in data.get("names", []) if str(n).strip()}
            )
            if names:  # words matched whole, a plural "s" allowed: medication names
                templates.append(r"\b(" + "|".join(re.escape(n) for n in names) + r")s?\b")
            patterns = compile_with_lists(templates, lists)
            return cls(
                name=decline_name(path),
                patterns=patterns,
                reply=need(data, "reply", str),
                names=tuple(names),
                lists=tuple(sorted(lists.items())),
                templates=tuple(templates) if lists else (),
                unnamed_heads=words_of(data, "unnamed_heads"),
                not_names=frozenset(words_of(data, "not_names")),
            )

    def without(self, names: Set[str]) -> DeclineRule:
        """This rule with `names` left out of its lists: names the articles speak of ("IOPs in
        Hingham"), whose questions the articles answer. The same rule when none is listed."""
        kept = {key: tuple(n for n in listed if n not in names) for key, listed in self.lists}
        if kept == dict(self.lists):
            return self
        patterns = compile_with_lists(list(self.templates), kept)
        return replace(self, patterns=patterns, lists=tuple(sorted(kept.items())))

    def listed(self, name: str) -> tuple[str, ...]:
        """The names of one of the file's lists (none when it has no such list)."""
        return dict(self.lists).get(name, ())

    def matches(self, text: str, starts: frozenset[str] | None = None) -> bool:
        """True when a normalised message is this kind of request (`starts`: the message's
        `text_starts`, when already worked out)."""
        return self.matcher.matches(text, starts)

    def written_words(self) -> set[str]:
        """The words of three letters or more written literally in the rule's patterns
        ("fallon" in '(tufts|fallon|aetna)'), a word with an optional last letter ("copays?")
        both ways: the speller must read them as typed, or the patterns never see them."""
        sources = self.templates or tuple(p.pattern for p in self.patterns)
        words: set[str] = set()
        for source in sources:
            for found in _WRITTEN.finditer(_ESCAPE.sub(" ", source)):
                word = found.group(1)
                words.add(word)
                if found.group(2):
                    words.add(word[:-1])
        return words

    def modifiers(self, text: str) -> list[str]:
        """The words just before an `unnamed_heads` word in a normalised message ("equine" in
        "is equine therapy offered"), less `not_names`: each names a kind of care unless the
        articles use it (which only the index can say)."""
        if self._modifier is None:
            return []
        return [w for w in self._modifier.findall(text) if w not in self.not_names]


def words_of(data: dict[str, Any], key: str) -> tuple[str, ...]:
    """A decline file's list of single lowercase words under `key` (none when absent)."""
    words = strings(data, key, "the file", BotDataError)
    if not all(re.fullmatch(r"[a-z]+", w) for w in words):
        raise BotDataError(f'{key} must be a list of single lowercase words, such as "therapy"')
    return tuple(words)


_ESCAPE = re.compile(r"\\[A-Za-z]")  # \b, \w, \d ... in a pattern's source
# A whole word in a pattern's source, not a piece glued to a group ("facilit(y|ies)").
_WRITTEN = re.compile(r"(?<![a-z)\]?])([a-z]{3,})(\?)?(?![a-z(\[?])")
_LIST_NAME = re.compile(r"[a-z_]+")
_LISTED_NAME = re.compile(r"[a-z]+(?:[ -][a-z]+)*")
_PLACEHOLDER = re.compile(r"<([a-z_]+)>")


def named_in(text: str, names: Iterable[str]) -> set[str]:
    """The `names` (lowercase) that `text` names with capitals, as a proper noun: "Gloucester",
    "Mass General" (so the word "reading" does not name the town of Reading)."""
    found: set[str] = set()
    for run in _CAPITALISED.findall(text.replace("\u2019", "'")):
        words = run.replace("'", "").lower().split()
        found.update(" ".join(words[i : i + n]) for n in range(1, 5) for i in range(len(words)))
    return {name for name in names if name in found}


_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z'-]*(?:[ -][A-Z][A-Za-z'-]*)*")


def named_lists(table: Any) -> dict[str, tuple[str, ...]]:
    """A decline file's `[lists]`, checked: each a list of lowercase names of one or more
    words, without apostrophes, as messages are read."""
    if not isinstance(table, dict):
        raise BotDataError("lists must be a table of lists: [lists] then place = [...]")
    lists: dict[str, tuple[str, ...]] = {}
    for key, names in table.items():
        if not _LIST_NAME.fullmatch(key) or not isinstance(names, list):
            raise BotDataError(f"lists.{key} must be a list of strings named in lowercase")
        cleaned = tuple(sorted({str(name).strip() for name in names}))
        for name in cleaned:
            if not _LISTED_NAME.fullmatch(name):
                raise BotDataError(
                    f"lists.{key}: {name!r} must be lowercase letters, words split by a space "
                    "or a hyphen, without apostrophes (messages are read lowercased, "
                    "apostrophes removed); rewrite it"
                )
        lists[key] = cleaned
    return lists


# Any listed name could stand here: what a pattern is checked and screened with, since the
# hundreds of names themselves would make both slow (a match of the names is a match of this).
_ANY_NAME = r"(?:[a-z]+(?:[ -][a-z]+)*)"


def compile_with_lists(
    templates: list[Any], lists: dict[str, tuple[str, ...]]
) -> tuple[ScreenedPattern, ...]:
    """The patterns with their lists filled in, checked and screened as if each `<list>` were
    any name (`_ANY_NAME`), so a file of hundreds of names loads as fast as one of a few."""
    checked = compile_patterns(with_lists(templates, lists, fill=_ANY_NAME))
    filled = with_lists(templates, lists)
    return tuple(
        ScreenedPattern(f, frozenset(c.required) if c.required else None, c.beyond_ascii)
        for f, c in zip(filled, checked, strict=True)
    )


def with_lists(
    patterns: list[Any], lists: dict[str, tuple[str, ...]], fill: str | None = None
) -> list[Any]:
    """`patterns` with each `<list>` replaced by an alternation of that list's names (or by
    `fill`)."""
    used = {m for p in patterns if isinstance(p, str) for m in _PLACEHOLDER.findall(p)}
    unlisted, unused = sorted(used - set(lists)), sorted(set(lists) - used)
    if unlisted:
        raise BotDataError(
            f"a pattern says <{unlisted[0]}> but [lists] has no {unlisted[0]}; add it"
        )
    if unused:
        raise BotDataError(
            f"lists.{unused[0]} is listed but no pattern says <{unused[0]}>; use or remove it"
        )
    alternations = {
        name: fill if fill is not None else word_alternation(list(names))
        for name, names in lists.items()
    }
    return [
        _PLACEHOLDER.sub(lambda m: alternations[m[1]], p) if isinstance(p, str) else p
        for p in patterns
    ]


def decline_name(path: Path) -> str:
    """`10_advice.toml` -> "advice"; a file not named `NN_name.toml` is refused."""
    match = _ORDERED_NAME.fullmatch(path.stem)
    if match is None:
        raise BotDataError(
            "a decline file is named NN_name.toml (NN gives the order, name is lowercase), "
            "e.g. 10_advice.toml; rename it",
            shown(path),
        )
    return match["name"]


def decline_files(data_dir: Path) -> list[Path]:
    """The decline files in the order their numeric prefixes give."""
    folder = data_dir / DECLINES_DIR
    files = sorted(folder.glob("*.toml"), key=lambda p: (_order(p), p.name))
    if not files:
        raise BotDataError(f"no decline files in {folder}; restore them")
    return files


def _order(path: Path) -> int:
    decline_name(path)  # refuses a badly named file
    return int(path.stem.split("_", 1)[0])


def load_declines(data_dir: Path, resources: ResourceBook | None = None) -> tuple[DeclineRule, ...]:
    """Every kind of declined request, in order; two files of one name are an error, and so is
    a reply giving a phone number that none of the `resources` has."""
    rules = []
    for path in decline_files(data_dir):
        rule = DeclineRule.from_file(path)
        if resources is not None:
            with reading(path):
                resources.require_numbers(rule.reply, "reply")
        rules.append(rule)
    names = [rule.name for rule in rules]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise BotDataError(f"two decline files are named {', '.join(twice)}; merge or rename them")
    return tuple(rules)
