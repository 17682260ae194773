"""The bot: one `reply(message, context)` call behind the CLI, the web API and the eval."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.answering import Answerer, Retrieval
from bot.conversation import Conversation
from bot.crisis import CrisisDetector, CrisisLevel, CrisisSignal
from bot.data_files import load_toml, normalize_message
from bot.declines import DeclineRule
from bot.errors import InvalidMessageError
from bot.reply import Reply
from bot.resources import ResourceBook
from bot.settings import BotSettings
from bot.smalltalk import SmallTalk
from knowledge.build import load_index
from knowledge.index import KnowledgeIndex


@dataclass(frozen=True)
class Turn:
    """One incoming message, validated, with the conversation it belongs to."""

    message: str
    normalized: str
    conversation: Conversation


class Bot:
    """Answers visitors' messages. Handlers run in a fixed order: crisis, small talk,
    declines (personal medical advice, program contact details), then the knowledge answer
    (or an honest fallback)."""

    def __init__(self, index: KnowledgeIndex, settings: BotSettings | None = None) -> None:
        self.index = index
        self.settings = settings or BotSettings()
        data = self.settings.resolved_data_dir
        self.messages: dict[str, str] = load_toml(data / "messages.toml")
        self.resources = ResourceBook.from_file(data / "resources.toml")
        self.crisis = CrisisDetector(data / "crisis.toml")
        self.smalltalk = SmallTalk(data / "smalltalk.toml")
        self.declines = (DeclineRule(data / "advice.toml"), DeclineRule(data / "out_of_scope.toml"))
        self.answerer = Answerer(index, self.settings)
        self._topics = self.answerer.topics
        self._vocabulary = index.vectorizer_.vocabulary_

    @classmethod
    def from_path(cls, index_path: Path, settings: BotSettings | None = None) -> Bot:
        """Load the index at a path and build a bot on it."""
        return cls(load_index(index_path), settings)

    # -- the one entry point -------------------------------------------------------

    def reply(self, message: Any, context: Any = None) -> Reply:
        """Answer one message; `context` is the previous reply's context (or None)."""
        turn = self._turn(message, context)
        signal = self.crisis.detect(turn.normalized)
        if signal and signal.level is CrisisLevel.ACUTE:
            return self._crisis(turn, signal)
        safety = signal is not None
        kinds = self.smalltalk.match(turn.normalized)
        if kinds:
            return self._finish(
                turn,
                Reply(
                    answer=self.smalltalk.reply_text(kinds),
                    intent="smalltalk",
                    confidence=1.0,
                    suggestions=self.smalltalk.starter_questions[: self.settings.max_suggestions],
                ),
                safety,
            )
        for rule in self.declines:
            if rule.matches(turn.normalized):
                reply = Reply(
                    answer=rule.reply,
                    intent="fallback",
                    confidence=1.0,
                    suggestions=self.smalltalk.starter_questions[: self.settings.max_suggestions],
                )
                return self._finish(turn, reply, safety)
        retrieval = self.answerer.retrieve(turn.message, turn.normalized, turn.conversation)
        if self._answerable(retrieval):
            return self._answer(turn, retrieval, safety)
        return self._fallback(turn, retrieval, safety)

    # -- steps ---------------------------------------------------------------------

    def _turn(self, message: Any, context: Any) -> Turn:
        if not isinstance(message, str):
            raise InvalidMessageError("message must be a string")
        message = message.strip()
        if not message:
            raise InvalidMessageError("message is empty; type a question")
        if len(message) > self.settings.max_message_chars:
            raise InvalidMessageError(
                f"message is {len(message)} characters; the limit is "
                f"{self.settings.max_message_chars}"
            )
        conversation = Conversation.from_context(context, self._topics, self._vocabulary)
        return Turn(message, normalize_message(message), conversation)

    def _answerable(self, retrieval: Retrieval) -> bool:
        s = self.settings
        if retrieval.best is None or retrieval.confidence < s.answer_threshold:
            return False
        # Weakly matched and no clear winner: more likely a question we cannot answer.
        return retrieval.confidence >= s.confident_threshold or retrieval.margin >= s.min_margin

    def _answer(self, turn: Turn, retrieval: Retrieval, safety: bool) -> Reply:
        hit = retrieval.best
        assert hit is not None
        passage = hit.passage
        excerpt = self.answerer.extract(hit, retrieval.match)
        source = f"{self.messages['source_prefix']} {passage.title}"
        if passage.heading and passage.heading != passage.title:
            source += f' (section "{passage.heading}")'
        suggestions = self.answerer.related_questions(
            retrieval.hits[1:], {passage.question}, self.settings.max_suggestions
        )
        reply = Reply(
            answer=f"{excerpt}\n\n{source}",
            intent="answer",
            confidence=retrieval.confidence,
            sources=[passage.source()],
            suggestions=suggestions,
        )
        return self._finish(turn, reply, safety, topic=passage.id, terms=retrieval.terms)

    def _fallback(self, turn: Turn, retrieval: Retrieval, safety: bool) -> Reply:
        related = [h for h in retrieval.hits if h.score >= self.settings.answer_threshold / 2]
        suggestions = self.answerer.related_questions(related, set(), self.settings.max_suggestions)
        if suggestions:
            text = f"{self.messages['fallback']} {self.messages['fallback_suggest']}"
        else:
            suggestions = self.smalltalk.starter_questions[: self.settings.max_suggestions]
            text = f"{self.messages['fallback']} {self.messages['fallback_nothing']}"
        reply = Reply(
            answer=text, intent="fallback", confidence=retrieval.confidence, suggestions=suggestions
        )
        return self._finish(turn, reply, safety)

    def _crisis(self, turn: Turn, signal: CrisisSignal) -> Reply:
        resources = self.resources.pick(list(signal.resources))
        intro_key = (
            "crisis_intro_other"
            if signal.category in {"overdose", "harm_to_others"}
            else "crisis_intro"
        )
        lines = [self.messages[intro_key], ""]
        lines += [f"- {r.text}" for r in resources]
        lines += ["", self.messages["crisis_pointer"]]
        return Reply(
            answer="\n".join(lines),
            intent="crisis",
            confidence=1.0,
            sources=[r.source() for r in resources],
            suggestions=[],
            context=turn.conversation.next(safety=True).to_context(),
        )

    def _finish(
        self,
        turn: Turn,
        reply: Reply,
        safety: bool,
        topic: str | None = None,
        terms: tuple[str, ...] = (),
    ) -> Reply:
        """Append the resources line when relevant and the professional pointer, always."""
        conversation = turn.conversation.next(topic=topic, terms=terms, safety=safety)
        parts = [reply.answer]
        if safety or conversation.safety:
            parts.append(self.messages["resources_line"])
        parts.append(self.messages["professional_pointer"])
        return Reply(
            answer="\n\n".join(parts),
            intent=reply.intent,
            confidence=reply.confidence,
            sources=reply.sources,
            suggestions=reply.suggestions,
            context=conversation.to_context(),
        )
