"""Conversation context: what the conversation is about, carried by the client between turns.

The server keeps no per-visitor state. Each reply's `context` goes back to the client, which
sends it with the next message, so any worker can answer any turn. The context is untrusted
input: it is validated and anything unknown is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.errors import InvalidContextError

MAX_CONTEXT_KEYS = 16
MAX_TOPIC_LENGTH = 200
MAX_TERMS = 8
MAX_TERM_LENGTH = 40
MAX_OFFERED = 3
MAX_SHOWN = 64  # sentence positions of the topic's reading already shown
MAX_SENTENCE_POSITION = 9_999
MAX_TURN = 999_999  # the count stops here, so a reply's context is always accepted back


@dataclass(frozen=True)
class Conversation:
    """The state a client carries between turns."""

    topic: str | None = None  # passage id of the last answer
    terms: tuple[str, ...] = ()  # index terms of what the conversation is about
    turn: int = 0
    safety: bool = False  # crisis resources were relevant earlier: keep showing the line
    help_first: bool = False  # the last reply opened with the crisis lines
    # Passage ids whose questions the last reply offered ("Did you mean: A · B"), in order.
    offered: tuple[str, ...] = ()
    # Sentences the conversation has shown, by position in the topic's reading (its passage's
    # sentences, then those of the passages its text goes on in: `Answerer.reading`).
    shown: tuple[int, ...] = ()

    @classmethod
    def from_context(
        cls,
        context: Any,
        known_topics: set[str] | None = None,
        known_terms: dict[str, int] | None = None,
    ) -> Conversation:
        """Validate a client-sent context; unknown topics and terms are forgotten, not trusted."""
        if context is None:
            return cls()
        if not isinstance(context, dict):
            raise InvalidContextError(
                "context must be a JSON object (send back the last reply's context)"
            )
        if len(context) > MAX_CONTEXT_KEYS:
            raise InvalidContextError(f"context has more than {MAX_CONTEXT_KEYS} keys")
        topic = context.get("topic")
        if topic is not None and (not isinstance(topic, str) or len(topic) > MAX_TOPIC_LENGTH):
            raise InvalidContextError("context.topic must be a string of at most 200 characters")
        if topic is not None and known_topics is not None and topic not in known_topics:
            topic = None
        terms = _strings(context, "terms", MAX_TERMS, MAX_TERM_LENGTH, "short strings")
        if known_terms is not None:
            terms = [t for t in terms if t in known_terms]
        turn = context.get("turn", 0)
        if isinstance(turn, float) and turn.is_integer():
            turn = int(turn)  # JSON does not tell 3 from 3.0
        if isinstance(turn, bool) or not isinstance(turn, int) or not 0 <= turn <= MAX_TURN:
            raise InvalidContextError(f"context.turn must be an integer from 0 to {MAX_TURN}")
        safety = _flag(context, "safety")
        help_first = _flag(context, "help_first")
        offered = _strings(context, "offered", MAX_OFFERED, MAX_TOPIC_LENGTH, "passage ids")
        if known_topics is not None and not all(o in known_topics for o in offered):
            offered = []  # from another index: which question is which is not known
        shown = context.get("shown", [])
        if isinstance(shown, list):  # JSON does not tell 3 from 3.0
            shown = [int(s) if isinstance(s, float) and s.is_integer() else s for s in shown]
        if (
            not isinstance(shown, list)
            or len(shown) > MAX_SHOWN
            or not all(
                isinstance(s, int) and not isinstance(s, bool) and 0 <= s <= MAX_SENTENCE_POSITION
                for s in shown
            )
        ):
            raise InvalidContextError(
                f"context.shown must be a list of at most {MAX_SHOWN} sentence positions "
                f"(integers from 0 to {MAX_SENTENCE_POSITION})"
            )
        if topic is None:
            shown = []
        return cls(
            topic=topic,
            terms=tuple(terms),
            turn=turn,
            safety=safety,
            help_first=help_first,
            offered=tuple(offered),
            shown=tuple(shown),
        )

    def next(
        self,
        topic: str | None = None,
        terms: tuple[str, ...] | None = None,
        safety: bool = False,
        help_first: bool = False,
        offered: tuple[str, ...] = (),
        shown: tuple[int, ...] = (),
    ) -> Conversation:
        """The context after this turn: a new topic if one was answered, else the old one;
        `help_first` when this turn's reply opens with the crisis lines; `offered`, the
        passages whose questions it offered to choose from; `shown`, the sentences of the
        topic's reading shown so far (kept with the old topic)."""
        if topic is None:
            topic, terms, shown = self.topic, self.terms, self.shown
        return Conversation(
            topic=topic,
            terms=tuple(terms or ())[:MAX_TERMS],
            turn=self.following_turn,
            safety=self.safety or safety,
            help_first=help_first,
            offered=offered[:MAX_OFFERED],
            shown=tuple(sorted(set(shown)))[:MAX_SHOWN],
        )

    @property
    def following_turn(self) -> int:
        """The turn count of the reply to this conversation's next message."""
        return min(self.turn + 1, MAX_TURN)

    def to_context(self) -> dict[str, Any]:
        context: dict[str, Any] = {"turn": self.turn}
        if self.topic:
            context["topic"] = self.topic
        if self.terms:
            context["terms"] = list(self.terms)
        if self.safety:
            context["safety"] = True
        if self.help_first:
            context["help_first"] = True
        if self.offered:
            context["offered"] = list(self.offered)
        if self.shown:
            context["shown"] = list(self.shown)
        return context


def _strings(context: dict[str, Any], key: str, most: int, longest: int, what: str) -> list[str]:
    """A context list of at most `most` strings of at most `longest` characters, or an error."""
    value = context.get(key, [])
    if (
        not isinstance(value, list)
        or len(value) > most
        or not all(isinstance(v, str) and len(v) <= longest for v in value)
    ):
        raise InvalidContextError(f"context.{key} must be a list of at most {most} {what}")
    return value


def _flag(context: dict[str, Any], key: str) -> bool:
    """A context flag: absent is false; anything but true or false is an error."""
    value = context.get(key, False)
    if not isinstance(value, bool):
        raise InvalidContextError(f"context.{key} must be true or false")
    return value
