"""Which offered question a short reply picks ("the second one", "2") after "Did you mean"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.data_files import load_toml, need, normalize_message, reading
from bot.errors import BotDataError
from knowledge.data_files import reject_unknown, strings, tables

CHOICES_FILE = "choices.toml"
# Words of any script, digits included; punctuation between them is ignored.
_WORD_RE = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


@dataclass(frozen=True)
class Choices:
    """The phrases that pick each offered question, first to last, and the filler words a
    pick may carry ("the", "one", "please")."""

    options: tuple[frozenset[str], ...]
    filler: frozenset[str]

    @classmethod
    def from_file(cls, path: Path) -> Choices:
        """Load `choices.toml`; a fault is a `BotDataError` naming the file and the fix."""
        with reading(path):
            data = load_toml(path)
            reject_unknown(data, {"option", "filler"}, "the file", BotDataError)
            filler = frozenset(
                w for f in strings(data, "filler", "the file", BotDataError) for w in _words(f)
            )
            entries = tables(data, "option", "the file", BotDataError)
            if not entries:
                raise BotDataError(
                    "has no [[option]] entries; add one for each offered question, in order"
                )
            options: list[frozenset[str]] = []
            for number, entry in enumerate(entries, 1):
                where = f"[[option]] {number}"
                reject_unknown(entry, {"phrases"}, where, BotDataError)
                phrases: list[str] = need(entry, "phrases", list, where)
                read = {p: cls._phrase(normalize_message(p), filler) for p in phrases}
                empty = [p for p, words in read.items() if not words]
                if empty:
                    raise BotDataError(f"{where}: {empty[0]!r} is only filler words; remove it")
                options.append(frozenset(read.values()))
            for number, picked in enumerate(options, 1):
                for other in options[number:]:
                    if picked & other:
                        raise BotDataError(
                            f"{sorted(picked & other)[0]!r} picks two [[option]]s; keep it in one"
                        )
            return cls(tuple(options), filler)

    @staticmethod
    def _phrase(text: str, filler: frozenset[str]) -> str:
        """A normalised text's words without the filler, as options are compared."""
        return " ".join(w for w in _words(text) if w not in filler)

    def pick(self, text: str) -> int | None:
        """The position of the option a normalised message picks, or None when it picks none
        (it asks something else, or is only filler)."""
        phrase = self._phrase(text, self.filler)
        if not phrase:
            return None
        return next((i for i, phrases in enumerate(self.options) if phrase in phrases), None)
