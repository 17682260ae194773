"""Short messages recognised as a whole ("the second one", "tell me more"): phrase lists
compared with the message once filler words ("the", "please") are left out of both."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.data_files import load_toml, normalize_message, reading
from bot.errors import BotDataError
from knowledge.data_files import need, reject_unknown, strings

MORE_FILE = "more.toml"

# Words of any script, digits included; punctuation between them is ignored.
_WORD_RE = re.compile(r"[^\W_]+")


def read_filler(data: dict[str, Any]) -> frozenset[str]:
    """The `filler` words of a data file (absent: none)."""
    listed = strings(data, "filler", "the file", BotDataError)
    return frozenset(word for text in listed for word in _WORD_RE.findall(text))


def without_filler(text: str, filler: frozenset[str]) -> str:
    """A normalised text's words without the filler, as phrases are compared."""
    return " ".join(w for w in _WORD_RE.findall(text) if w not in filler)


@dataclass(frozen=True)
class WholeMessages:
    """One list of phrases, each a whole message."""

    phrases: frozenset[str]
    filler: frozenset[str]

    @classmethod
    def read(cls, table: dict[str, Any], filler: frozenset[str], where: str) -> WholeMessages:
        """The `phrases` of a table; a phrase of filler words alone is a `BotDataError`."""
        listed: list[str] = need(table, "phrases", list, where, BotDataError)
        read = {text: without_filler(normalize_message(text), filler) for text in listed}
        empty = [text for text, words in read.items() if not words]
        if empty:
            raise BotDataError(f"{where}: {empty[0]!r} is only filler words; remove it")
        return cls(frozenset(read.values()), filler)

    def matches(self, text: str) -> bool:
        """Whether a normalised message is one of the phrases, filler aside."""
        words = without_filler(text, self.filler)
        return bool(words) and words in self.phrases


def load_more(path: Path) -> WholeMessages:
    """The messages that ask for more on the last answer (`more.toml`)."""
    with reading(path):
        data = load_toml(path)
        reject_unknown(data, {"phrases", "filler"}, "the file", BotDataError)
        return WholeMessages.read(data, read_filler(data), "the file")
