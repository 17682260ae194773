"""Which offered question a short reply picks ("the second one", "2") after "Did you mean"."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.data_files import load_toml, reading
from bot.errors import BotDataError
from bot.whole_messages import WholeMessages, read_filler
from knowledge.data_files import reject_unknown, tables

CHOICES_FILE = "choices.toml"


@dataclass(frozen=True)
class Choices:
    """The phrases that pick each offered question, first to last."""

    options: tuple[WholeMessages, ...]

    @classmethod
    def from_file(cls, path: Path) -> Choices:
        """Load `choices.toml`; a fault is a `BotDataError` naming the file and the fix."""
        with reading(path):
            data = load_toml(path)
            reject_unknown(data, {"option", "filler"}, "the file", BotDataError)
            filler = read_filler(data)
            entries = tables(data, "option", "the file", BotDataError)
            if not entries:
                raise BotDataError(
                    "has no [[option]] entries; add one for each offered question, in order"
                )
            options = []
            for number, entry in enumerate(entries, 1):
                where = f"[[option]] {number}"
                reject_unknown(entry, {"phrases"}, where, BotDataError)
                options.append(WholeMessages.read(entry, filler, where))
            for number, option in enumerate(options, 1):
                for other in options[number:]:
                    if option.phrases & other.phrases:
                        both = sorted(option.phrases & other.phrases)[0]
                        raise BotDataError(f"{both!r} picks two [[option]]s; keep it in one")
            return cls(tuple(options))

    def pick(self, text: str) -> int | None:
        """The position of the option a normalised message picks, or None when it picks none
        (it asks something else, or is only filler)."""
        return next((i for i, option in enumerate(self.options) if option.matches(text)), None)
