"""The bot's fixed wording, from `bot/data/messages.toml`: every key is required and known."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from bot.data_files import load_toml, need, reading
from bot.errors import BotDataError
from knowledge.data_files import reject_unknown


@dataclass(frozen=True)
class Messages(Mapping[str, str]):
    """Each reply text by name; also readable as a mapping (`messages["fallback"]`)."""

    professional_pointer: str
    crisis_pointer: str
    crisis_intro: str
    crisis_intro_other: str
    crisis_intro_unnamed: str  # an emergency of no known kind: about oneself or someone else
    crisis_question: str  # before the answer to a question asked with an emergency
    resources_line: str
    check_in: str
    check_in_offer: str  # after the check-in, for a message that asks nothing the articles answer
    fallback: str
    fallback_suggest: str
    clarify: str  # "Did you mean:", before two close questions
    fallback_nothing: str
    crisis_subject: str  # a question about a crisis subject itself, which the articles never name
    source_prefix: str
    also_other_article: str  # before a close runner-up's sentence from another article
    also_same_article: str  # before one from the answer's own article
    no_more: str  # "tell me more" when every sentence of the topic's reading has been shown
    more_suggestion: str  # offered while the answered text goes on; a request for more
    said_before: str  # before an answer the conversation has already shown, word for word

    @classmethod
    def from_file(cls, path: Path) -> Messages:
        """Load and check the file: a missing, renamed or misspelled key fails here, at load."""
        with reading(path):
            data = load_toml(path)
            names = [f.name for f in fields(cls)]
            reject_unknown(data, set(names), "messages", BotDataError)
            return cls(**{name: need(data, name, str) for name in names})

    def __getitem__(self, key: str) -> str:
        if key not in self._names():
            raise KeyError(key)
        return str(getattr(self, key))

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())

    @classmethod
    def _names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))
