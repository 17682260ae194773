"""Requests the bot declines by their nature: personal medical advice, program contact details.

Each kind is a data file in `bot/data/declines/`, tried in the order of the file names
(`10_advice.toml` before `20_out_of_scope.toml`): add a file to add a kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.data_files import compile_patterns, load_toml, need, reading, word_alternation
from bot.errors import BotDataError
from bot.patterns import AnyPattern, ScreenedPattern
from bot.resources import ResourceBook
from knowledge.data_files import reject_unknown, shown

DECLINES_DIR = "declines"
_ORDERED_NAME = re.compile(r"(?P<order>\d+)_(?P<name>[a-z0-9_]+)")


@dataclass(frozen=True)
class DeclineRule:
    """Patterns for one kind of request the bot does not answer, and what it says instead.

    Loaded from a data file with `patterns` (regular expressions matched against the
    lowercased message, apostrophes removed), optionally `names` (words matched whole, a
    plural "s" allowed: medication names), optionally `places` (names of places, matched whole
    where a pattern says `<place>`) and `reply`.
    """

    name: str
    patterns: tuple[ScreenedPattern, ...]
    reply: str
    names: tuple[str, ...] = ()  # words matched whole, also known to the speller
    places: tuple[str, ...] = ()  # matched where a pattern says <place>; known to the speller
    matcher: AnyPattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "matcher", AnyPattern(self.patterns))

    @classmethod
    def from_file(cls, path: Path) -> DeclineRule:
        with reading(path):
            data = load_toml(path)
            reject_unknown(data, {"patterns", "names", "places", "reply"}, "the file", BotDataError)
            places = place_names(data.get("places", []))
            patterns = with_places(need(data, "patterns", list), places)
            names = sorted(
                {str(n).strip().lower() for n in data.get("names", []) if str(n).strip()}
            )
            if names:  # words matched whole, a plural "s" allowed: medication names
                patterns.append(r"\b(" + "|".join(re.escape(n) for n in names) + r")s?\b")
            return cls(
                name=decline_name(path),
                patterns=compile_patterns(patterns),
                reply=need(data, "reply", str),
                names=tuple(names),
                places=places,
            )

    def matches(self, text: str, starts: set[str] | None = None) -> bool:
        """True when a normalised message is this kind of request (`starts`: the message's
        `text_starts`, when already worked out)."""
        return self.matcher.matches(text, starts)


PLACE = "<place>"  # where a pattern matches any of its file's `places`
_PLACE_NAME = re.compile(r"[a-z]+(?:[ -][a-z]+)*")


def place_names(places: Any) -> tuple[str, ...]:
    """A decline file's `places`, checked: lowercase names of one or more words, without
    apostrophes, as messages are read."""
    if not isinstance(places, list):
        raise BotDataError("places must be a list of strings")
    names = tuple(sorted({str(place).strip() for place in places}))
    for name in names:
        if not _PLACE_NAME.fullmatch(name):
            raise BotDataError(
                f"place {name!r} must be lowercase letters, words split by a space or a hyphen, "
                "without apostrophes (messages are read lowercased, apostrophes removed); "
                "rewrite it"
            )
    return names


def with_places(patterns: list[Any], names: tuple[str, ...]) -> list[Any]:
    """`patterns` with each `<place>` replaced by an alternation of the place `names`."""
    uses = any(isinstance(p, str) and PLACE in p for p in patterns)
    if names and not uses:
        raise BotDataError(f"places are listed but no pattern says {PLACE}; use it or remove them")
    if uses and not names:
        raise BotDataError(f"a pattern says {PLACE} but no places are listed; add places")
    alternation = word_alternation(list(names))
    return [p.replace(PLACE, alternation) if isinstance(p, str) else p for p in patterns]


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
