"""Reply handlers: one small class per kind of reply, all of the same shape.

The bot tries them in order (crisis, small talk, declines, knowledge); the first that
returns an `Outcome` answers the turn.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from bot.answering import Answerer, Retrieval
from bot.conversation import Conversation
from bot.crisis import CrisisLevel, CrisisSignal
from bot.declines import DeclineRule
from bot.reply import Reply
from bot.resources import ResourceBook
from bot.settings import BotSettings
from bot.smalltalk import SmallTalk


@dataclass(frozen=True)
class Turn:
    """One incoming message, validated, with its conversation and any crisis signal."""

    message: str
    normalized: str
    conversation: Conversation
    crisis: CrisisSignal | None = None


@dataclass(frozen=True)
class Outcome:
    """A handler's reply, and what the conversation is about after it."""

    reply: Reply
    topic: str | None = None
    terms: tuple[str, ...] = ()
    complete: bool = False  # the text is final: add no resources line or pointer


class Handler(Protocol):
    """Answers a turn, or returns None to let the next handler try."""

    def handle(self, turn: Turn) -> Outcome | None: ...


class CrisisHandler:
    """Help lines first, before anything else, for a message showing an emergency."""

    def __init__(self, resources: ResourceBook, messages: Mapping[str, str]) -> None:
        self.resources = resources
        self.messages = messages

    def handle(self, turn: Turn) -> Outcome | None:
        signal = turn.crisis
        if signal is None or signal.level is not CrisisLevel.ACUTE:
            return None
        resources = self.resources.pick(list(signal.resources))
        about_others = signal.category in {"overdose", "harm_to_others"}
        lines = [self.messages["crisis_intro_other" if about_others else "crisis_intro"], ""]
        lines += [f"- {r.text}" for r in resources]
        lines += ["", self.messages["crisis_pointer"]]
        reply = Reply(
            answer="\n".join(lines),
            intent="crisis",
            confidence=1.0,
            sources=[r.source() for r in resources],
            body="\n\n".join(lines[:1] + lines[-1:]),
        )
        return Outcome(reply, complete=True)


class SmallTalkHandler:
    """Greetings, thanks, goodbyes and questions about the bot itself."""

    def __init__(self, smalltalk: SmallTalk, starters: list[str]) -> None:
        self.smalltalk = smalltalk
        self.starters = starters

    def handle(self, turn: Turn) -> Outcome | None:
        kinds = self.smalltalk.match(turn.normalized)
        if not kinds:
            return None
        reply = Reply(
            answer=self.smalltalk.reply_text(kinds),
            intent="smalltalk",
            confidence=1.0,
            suggestions=self.starters,
        )
        return Outcome(reply)


class DeclineHandler:
    """A kind of request the bot does not answer (personal medical advice, contact details)."""

    def __init__(self, rule: DeclineRule, starters: list[str]) -> None:
        self.rule = rule
        self.starters = starters

    def handle(self, turn: Turn) -> Outcome | None:
        if not self.rule.matches(turn.normalized):
            return None
        reply = Reply(
            answer=self.rule.reply, intent="fallback", confidence=1.0, suggestions=self.starters
        )
        return Outcome(reply)


class KnowledgeHandler:
    """An answer from the articles, or an honest fallback with related questions."""

    def __init__(
        self,
        answerer: Answerer,
        messages: Mapping[str, str],
        settings: BotSettings,
        starters: list[str],
    ) -> None:
        self.answerer = answerer
        self.messages = messages
        self.settings = settings
        self.starters = starters

    def handle(self, turn: Turn) -> Outcome:
        retrieval = self.answerer.retrieve(turn.message, turn.normalized, turn.conversation)
        if self._answerable(retrieval):
            return self._answer(retrieval)
        return self._fallback(retrieval)

    def _answerable(self, retrieval: Retrieval) -> bool:
        s = self.settings
        if retrieval.best is None or retrieval.confidence < s.answer_threshold:
            return False
        # Weakly matched and no clear winner: more likely a question we cannot answer.
        return retrieval.confidence >= s.confident_threshold or retrieval.margin >= s.min_margin

    def _answer(self, retrieval: Retrieval) -> Outcome:
        hit = retrieval.best
        assert hit is not None
        passage = hit.passage
        excerpt = self.answerer.extract(hit, retrieval.match)
        source = f"{self.messages['source_prefix']} {passage.title}"
        if passage.heading and passage.heading != passage.title:
            source += f' (section "{passage.heading}")'
        # The runner-up comes first among the suggestions: a "did you mean" when it is close.
        suggestions = self.answerer.related_questions(
            retrieval.hits[1:], {passage.question}, self.settings.max_suggestions
        )
        reply = Reply(
            answer=f"{excerpt}\n\n{source}",
            intent="answer",
            confidence=retrieval.confidence,
            sources=[passage.source()],
            suggestions=suggestions,
            body=excerpt,
        )
        return Outcome(reply, topic=passage.id, terms=retrieval.terms)

    def _fallback(self, retrieval: Retrieval) -> Outcome:
        related = [h for h in retrieval.hits if h.score >= self.settings.answer_threshold / 2]
        suggestions = self.answerer.related_questions(related, set(), self.settings.max_suggestions)
        if suggestions:
            text = f"{self.messages['fallback']} {self.messages['fallback_suggest']}"
        else:
            suggestions = self.starters
            text = f"{self.messages['fallback']} {self.messages['fallback_nothing']}"
        reply = Reply(
            answer=text, intent="fallback", confidence=retrieval.confidence, suggestions=suggestions
        )
        return Outcome(reply)
