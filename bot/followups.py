"""Cues that a message, or an article sentence, leans on what came before it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.data_files import load_toml, need, reading
from bot.errors import BotDataError
from knowledge.data_files import phrase_regex, reject_unknown


@dataclass(frozen=True)
class FollowupCues:
    """Phrase lists from `bot/data/followups.toml`, compiled with word boundaries."""

    pronouns: re.Pattern[str]  # anywhere in a message
    openers: re.Pattern[str]  # at the start of a message
    sentence_openers: re.Pattern[str]  # at the start of an article sentence, any case

    @classmethod
    def from_file(cls, path: Path) -> FollowupCues:
        with reading(path):
            data = load_toml(path)
            keys = ("pronouns", "openers", "sentence_openers")
            reject_unknown(data, set(keys), "the file", BotDataError)
            regex = {key: phrase_regex(need(data, key, list), key, BotDataError) for key in keys}
            return cls(
                pronouns=re.compile(regex["pronouns"]),
                openers=re.compile("^" + regex["openers"]),
                sentence_openers=re.compile("^" + regex["sentence_openers"], re.IGNORECASE),
            )

    def message_leans_back(self, text: str) -> bool:
        """Pronouns or openers that lean on an earlier message ("is there one for teens?")."""
        return bool(self.pronouns.search(text) or self.openers.search(text))

    def sentence_leans_back(self, sentence: str) -> bool:
        """An article sentence that needs the one before it ("However, ...")."""
        return bool(self.sentence_openers.match(sentence))
