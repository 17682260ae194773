"""Requests the bot declines by their nature: personal medical advice, program contact details.

Each kind is a data file in `bot/data/declines/`, tried in the order of the file names
(`10_advice.toml` before `20_out_of_scope.toml`): add a file to add a kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.data_files import compile_patterns, load_toml, need, reading
from bot.errors import BotDataError
from bot.patterns import AnyPattern, ScreenedPattern
from knowledge.data_files import reject_unknown, shown

DECLINES_DIR = "declines"
_ORDERED_NAME = re.compile(r"(?P<order>\d+)_(?P<name>[a-z0-9_]+)")


@dataclass(frozen=True)
class DeclineRule:
    """Patterns for one kind of request the bot does not answer, and what it says instead.

    Loaded from a data file with `patterns` (regular expressions matched against the
    lowercased message, apostrophes removed), optionally `names` (words matched whole, a
    plural "s" allowed: medication names) and `reply`.
    """

    name: str
    patterns: tuple[ScreenedPattern, ...]
    reply: str
    names: tuple[str, ...] = ()  # words matched whole, also known to the speller
    matcher: AnyPattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "matcher", AnyPattern(self.patterns))

    @classmethod
    def from_file(cls, path: Path) -> DeclineRule:
        with reading(path):
            data = load_toml(path)
            reject_unknown(data, {"patterns", "names", "reply"}, "the file", BotDataError)
            patterns = list(need(data, "patterns", list))
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
            )

    def matches(self, text: str, starts: set[str] | None = None) -> bool:
        """True when a normalised message is this kind of request (`starts`: the message's
        `text_starts`, when already worked out)."""
        return self.matcher.matches(text, starts)


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


def load_declines(data_dir: Path) -> tuple[DeclineRule, ...]:
    """Every kind of declined request, in order; two files of one name are an error."""
    rules = tuple(DeclineRule.from_file(path) for path in decline_files(data_dir))
    names = [rule.name for rule in rules]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise BotDataError(f"two decline files are named {', '.join(twice)}; merge or rename them")
    return rules
