"""The bot: one `reply(message, context)` call behind the CLI, the web API and the eval."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.answering import Answerer
from bot.bot_data import BotData
from bot.conversation import Conversation
from bot.crisis import CrisisLevel
from bot.data_files import normalize_message
from bot.declines import named_in
from bot.errors import InvalidMessageError
from bot.handlers import (
    CrisisHandler,
    DeclineHandler,
    Handler,
    KnowledgeHandler,
    LanguageHandler,
    MoreHandler,
    Outcome,
    SmallTalkHandler,
    Turn,
)
from bot.patterns import combine, compile_all, share_screens
from bot.reply import Reply
from bot.settings import BotSettings
from bot.smalltalk import LearnedSmallTalk
from knowledge.crisis_model import MODEL_NAME as CRISIS_MODEL
from knowledge.index import KnowledgeIndex
from knowledge.passages import Passage
from knowledge.smalltalk_model import SMALLTALK_MODEL

# Replies that open with the crisis lines: a bare "yes" after one may be answering them.
HELP_FIRST = frozenset({CrisisLevel.ACUTE, CrisisLevel.CHECK_IN})
# A letter of any script: a message without one ("...", "30") gives the classifier no word.
_LETTER = re.compile(r"[^\W\d_]")


class Bot:
    """Answers visitors' messages through handlers tried in a fixed order: crisis, a request
    for more, small talk, another language than English, declines (personal medical advice,
    program contact details), then the knowledge answer (or an honest fallback). Every reply
    ends with the professional pointer."""

    def __init__(
        self,
        index: KnowledgeIndex,
        settings: BotSettings | None = None,
        data: BotData | None = None,
    ) -> None:
        """`data` defaults to the files of `settings.data_dir`, loaded and checked now."""
        self.index = index
        self.settings = settings or BotSettings()
        self.data = data or BotData.load(self.settings.resolved_data_dir)
        self.messages = self.data.messages
        texts = dict(self.messages)  # the same wording, read without a lookup of its fields
        # The rules of the data files, with the learned layer fitted into the index.
        self.crisis = self.data.crisis.with_model(index.models_.get(CRISIS_MODEL))
        self.answerer = Answerer(
            index,
            self.settings,
            general_words=self.data.general_words,
            background=combine(self.data.background),
            minor_ages=self.data.minor_ages,
            cues=self.data.followups,
            extraction=self.data.extraction,
        )
        # A place or provider the articles name with capitals ("IOPs in Hingham") is one whose
        # questions they answer: it leaves the declines' lists for this index.
        text = " ".join(f"{p.title}. {p.heading}. {p.answer}" for p in index.passages)
        list_names = {n for rule in self.data.declines for _, names in rule.lists for n in names}
        named = named_in(text, list_names)
        self.declines = tuple(rule.without(named) for rule in self.data.declines)
        starters = self.data.smalltalk.starter_questions[: self.settings.max_suggestions]
        self.knowledge = KnowledgeHandler(
            self.answerer, texts, self.settings, starters, self._learned_smalltalk()
        )
        self.handlers: tuple[Handler, ...] = (
            CrisisHandler(self.data.resources, texts),
            MoreHandler(self.answerer, self.data.asks_more, texts, self.settings),
            SmallTalkHandler(self.data.smalltalk, starters, self.data.languages.words),
            LanguageHandler(
                self.data.languages,
                starters,
                [r for r in self.declines if r.name in self.data.languages.asks_give_way_to],
            ),
            *(DeclineHandler(rule, starters, self.answerer.knows_word) for rule in self.declines),
            self.knowledge,
        )
        # Small talk and the declines are asked in turn about the same message.
        share_screens(
            [kind.combined for kind in self.data.smalltalk.kinds]
            + [rule.matcher for rule in self.declines]
        )
        # Typos are corrected to the words of the knowledge, of the medication names the
        # declines list and of everyday English. The names of the declines' lists (places,
        # providers) and the words their patterns spell out ("fallon", an insurer) are known
        # (never corrected) but rank last, so no typo of an ordinary word is read as a town.
        names = [name for rule in self.data.declines for name in rule.names]
        written = {word for rule in self.data.declines for word in rule.written_words()}
        speller = index.speller_
        self.speller = (
            speller.with_words(names)
            .with_words(self.data.general_words, rank=0)
            .with_words(list_names | written, rank=0)
            if speller is not None
            else None
        )
        self._texts = texts
        self._topics = self.answerer.topics
        self._vocabulary = index.vectorizer_.vocabulary_

    def compile_patterns(self) -> int:
        """Compile every pattern of the data files now instead of on a message's first need
        (a server does this before forking its workers). Returns how many were compiled. The
        detector in use shares the patterns of `self.data.crisis`; only its learned layer is
        its own, and that holds no pattern. The declines served (`self.declines`) share theirs
        too, but for a list the articles name a place of, which has its own."""
        return compile_all((self.data, self.declines))

    def reply(self, message: Any, context: Any = None) -> Reply:
        """Answer one message; `context` is the previous reply's context (or None)."""
        message, normalized, conversation = self._read(message, context)
        return self._answer(self._turn(message, conversation, normalized))

    def read(self, message: Any, context: Any = None) -> tuple[str, Conversation]:
        """The message and conversation of a request, validated (raises InvalidMessageError or
        InvalidContextError saying what is wrong)."""
        message, _, conversation = self._read(message, context)
        return message, conversation

    def _read(self, message: Any, context: Any) -> tuple[str, str, Conversation]:
        """`read`, with the message normalised (which the validation needs anyway)."""
        if not isinstance(message, str):
            raise InvalidMessageError("message must be a string")
        message = message.strip()
        if not message:
            raise InvalidMessageError("message is empty; type a question")
        limit = self.settings.max_message_chars
        if len(message) > limit:
            raise InvalidMessageError(f"message is {len(message)} characters; the limit is {limit}")
        # Checked again once normalised: one character can expand to many (U+FDFA to 18).
        normalized = normalize_message(message)
        if len(normalized) > limit:
            raise InvalidMessageError(
                f"message is {len(normalized)} characters once normalised; the limit is {limit}"
            )
        conversation = Conversation.from_context(context, self._topics, self._vocabulary)
        return message, normalized, conversation

    def answer(self, message: str, conversation: Conversation) -> Reply:
        """Answer a message `read` has validated."""
        return self._answer(self._turn(message, conversation))

    def _answer(self, turn: Turn) -> Reply:
        """The first handler's answer to a turn, finished."""
        for handler in self.handlers:
            unasked = handler is self.knowledge and self._checks_in_unasked(turn)
            # A statement of distress is not a follow-up: it is looked up alone.
            outcome = handler.handle(self._alone(turn) if unasked else turn)
            if outcome is not None:
                if outcome.reply.intent == "crisis" and self.crisis.asks_question(turn.normalized):
                    outcome = self._help_then_answer(turn, outcome)
                elif unasked:
                    outcome = self._after_unasked_check_in(outcome)
                return self._finish(turn, outcome)
        raise RuntimeError("no handler answered")  # the knowledge handler always does

    def _turn(
        self, message: str, conversation: Conversation, normalized: str | None = None
    ) -> Turn:
        """A validated message, normalised once (unless `normalized` is given), with its crisis
        signal and its typos corrected."""
        if normalized is None:
            normalized = normalize_message(message)
        read = self.speller.correct(normalized) if self.speller is not None else normalized
        crisis = self.crisis.detect(normalized)
        picked = self._picked(normalized, read, conversation)
        if picked is not None and crisis is not None and crisis.rule is None:
            # A pick of an offered question ("2", "the second one") is read as the question it
            # picks, by crisis detection too: a click on it gets no caring line, nor does "2".
            crisis = self.crisis.detect(normalize_message(picked.question))
        if (
            crisis is not None
            and crisis.level is CrisisLevel.ACUTE
            and crisis.rule is None  # no rule named a subject: the classifier alone alarmed
            and self._softening(normalized, read)
        ):
            # No letter at all ("...", "4"), small talk through and through ("sorry", "excuse
            # me", "goodbye") or a request for more ("cuéntame más"): short messages are the
            # classifier's weak spot, so they get the check-in, help lines first. So does a
            # condition the visitor names as theirs ("i think i have ptsd"), which the
            # classifier reads as an emergency on "i think" and "i have".
            crisis = self.crisis.checked_in(crisis)
        if (
            conversation.help_first
            and (crisis is None or crisis.level is not CrisisLevel.ACUTE)
            and self.data.smalltalk.affirms(read)
        ):
            # "yes" or "me too" right after the crisis lines may answer "if you are thinking
            # about harming yourself": help first, as for an emergency.
            crisis = self.crisis.affirmed()
        chosen = picked is not None and (crisis is None or crisis.level is not CrisisLevel.ACUTE)
        if picked is not None and chosen:
            # "the second one" after "Did you mean: A · B" is asked as B itself.
            read = normalize_message(picked.question)
        return Turn(message, normalized, conversation, crisis, read, picked=chosen)

    def _learned_smalltalk(self) -> LearnedSmallTalk | None:
        """The index's small-talk classifier over this bot's kinds (None in an index built
        without one)."""
        model = self.index.models_.get(SMALLTALK_MODEL)
        if model is None:
            return None
        s = self.settings
        return LearnedSmallTalk(
            model, self.data.smalltalk, s.smalltalk_probability, s.smalltalk_max_words
        )

    def _softening(self, normalized: str, read: str) -> str:
        """Why the classifier's alarm alone on this message gets the check-in ("" when it
        does not): no words to judge, a condition the visitor names as theirs, or something told
        plainly that is not an emergency (a relapse, a fear of treatment)."""
        if self._only_conversation(normalized, read):
            return "no letter, small talk or a request for more"
        if self.crisis.describes_a_condition(normalized):
            return "the message names a condition as the visitor's (self_described)"
        told = self.crisis.told_plainly(normalized)
        if told:
            return f"the message tells of a {told} and nothing more ([[told]] {told})"
        return ""

    def _only_conversation(self, normalized: str, read: str) -> bool:
        """A message that carries no words to judge or only the conversation's own moves: no
        letter at all, a request for more, or small talk through and through."""
        return (
            not _LETTER.search(normalized)
            or self.data.asks_more.matches(normalized)
            or self.data.asks_more.matches(read)
            or bool(self.data.smalltalk.match(read))
        )

    def _picked(self, normalized: str, read: str, conversation: Conversation) -> Passage | None:
        """The passage whose question a message picks from those the last reply offered
        ("Did you mean: A · B" -> "the second one"), as typed or as corrected; never right
        after the help lines, where a "yes" answers them."""
        if not conversation.offered or conversation.help_first:
            return None
        position = self.data.choices.pick(normalized)
        if position is None:
            position = self.data.choices.pick(read)
        if position is None or position >= len(conversation.offered):
            return None
        return self.answerer.passage(conversation.offered[position])

    def _checks_in_unasked(self, turn: Turn) -> bool:
        """A check-in for a message that asks nothing ("so tired of everything")."""
        crisis = turn.crisis
        return (
            crisis is not None
            and crisis.level is CrisisLevel.CHECK_IN
            and not self.crisis.asks_question(turn.normalized)
        )

    def _after_unasked_check_in(self, outcome: Outcome) -> Outcome:
        """What follows the check-in when the message asks nothing: the articles' answer to the
        message read alone (not as a follow-up: "i relapsed last night" after "how long does
        iop last?" is not about its duration) only when one passage plainly speaks to it, else
        an offer and questions to choose from."""
        reply = outcome.reply
        if reply.intent == "answer" and reply.confidence >= self.settings.confident_threshold:
            return outcome
        return self._check_in_offer(outcome)

    def _alone(self, turn: Turn) -> Turn:
        """The turn as a first message, outside its conversation."""
        if not turn.conversation.turn:
            return turn
        alone = Conversation.from_context(None, self._topics, self._vocabulary)
        return replace(turn, conversation=alone)

    def _check_in_offer(self, outcome: Outcome) -> Outcome:
        """The offer that follows a check-in for a message that asks nothing: questions the
        articles answer near it (not "Tell me more" of a passage it never showed), then the
        starter questions."""
        more = self._texts["more_suggestion"]
        related = [s for s in outcome.reply.suggestions if s != more]
        suggestions = list(dict.fromkeys(related + self.knowledge.starters))
        reply = Reply(
            answer=self._texts["check_in_offer"],
            intent="fallback",
            confidence=outcome.reply.confidence,
            suggestions=suggestions[: self.settings.max_suggestions],
        )
        return Outcome(reply)

    def _help_then_answer(self, turn: Turn, help_first: Outcome) -> Outcome:
        """An emergency that also asks about the program: the help lines, then the answer
        (never the answer alone); the help alone when the articles do not answer it."""
        found = self.knowledge.handle(turn)
        if found.reply.intent != "answer":
            return help_first
        crisis, answer = help_first.reply, found.reply
        reply = Reply(
            answer="\n\n".join([crisis.answer, self._texts["crisis_question"], answer.answer]),
            intent="crisis",
            confidence=crisis.confidence,
            sources=crisis.sources + answer.sources,
            body="\n\n".join([crisis.body, self._texts["crisis_question"], answer.body]),
        )
        return Outcome(reply, topic=found.topic, terms=found.terms, complete=True)

    def excerpt(self, message: str, passage_id: str) -> str:
        """What a first message gets from one named passage, read (typos corrected) as a reply
        reads it: how well the sentence choice answers, apart from the passage choice."""
        message, normalized, conversation = self._read(message, None)
        turn = self._turn(message, conversation, normalized)
        return self.answerer.excerpt(turn.read, passage_id)

    def explain(self, message: str, context: Any = None) -> list[str]:
        """Why the bot answers a message as it does: which handler replies and, for the
        knowledge handler, the decision, its reason and the passages it weighed with their
        scores; then how the crisis layers read the message. For maintainers; the reply itself
        is unchanged."""
        message, normalized, conversation = self._read(message, context)
        turn = self._turn(message, conversation, normalized)
        lines = self._explain_handler(turn) + self.crisis.explain(turn.normalized, turn.crisis)
        softened = self._softened(turn)
        return lines + (
            [f"crisis: the classifier's alarm became the check-in: {softened}"] if softened else []
        )

    def _softened(self, turn: Turn) -> str:
        """Why the classifier's alarm became the check-in ("" when it did not)."""
        raw = self.crisis.detect(turn.normalized)
        crisis = turn.crisis
        if raw is None or raw.level is not CrisisLevel.ACUTE or raw.rule is not None:
            return ""
        if crisis is None or crisis.level is not CrisisLevel.CHECK_IN:
            return ""
        return self._softening(turn.normalized, turn.read)

    def _explain_handler(self, turn: Turn) -> list[str]:
        for handler in self.handlers:
            if isinstance(handler, KnowledgeHandler):
                lines = [f"handler: {type(handler).__name__}"]
                if self._checks_in_unasked(turn):
                    threshold = self.settings.confident_threshold
                    lines.append(
                        "after the check-in, a message that asks nothing: read alone, answered"
                        f" only at confidence {threshold} or more, else the offer"
                    )
                    turn = self._alone(turn)
                return lines + handler.explain(turn)
            if handler.handle(turn) is not None:
                lines = [f"handler: {_handler_name(handler)}"]
                if isinstance(handler, LanguageHandler):
                    language, asked = handler.language(turn)
                    name = language.name if language else "none"
                    lines.append(f"language: {name}{' (asked for in English)' if asked else ''}")
                return lines
        return ["handler: none"]

    @staticmethod
    def _touches_safety(turn: Turn, reply: Reply) -> bool:
        """Whether a turn touched a crisis subject, so that the help line follows the rest of
        the conversation: not when only the classifier's faint safety net spoke on small talk
        or a message without a letter ("no" scored 0.15)."""
        crisis = turn.crisis
        if crisis is None:
            return False
        faint = crisis.level is CrisisLevel.INFORMATIONAL and crisis.rule is None
        return not faint or (reply.intent != "smalltalk" and bool(_LETTER.search(turn.normalized)))

    def _finish(self, turn: Turn, outcome: Outcome) -> Reply:
        """Attach the next context; append the resources line when relevant and the pointer."""
        helped = turn.crisis is not None and turn.crisis.level in HELP_FIRST
        conversation = turn.conversation.next(
            topic=outcome.topic,
            terms=outcome.terms,
            safety=self._touches_safety(turn, outcome.reply),
            help_first=helped,
            offered=outcome.offered,
            shown=outcome.shown,
        )
        reply = outcome.reply
        body = reply.body or reply.answer
        parts = [reply.answer]
        # The safety net: every fallback, and every reply in a conversation that touched these
        # subjects, shows the crisis line; a check-in puts it first.
        checks_in = turn.crisis is not None and turn.crisis.level is CrisisLevel.CHECK_IN
        if checks_in:
            parts.insert(0, self._texts["check_in"])
        elif not outcome.complete and (
            conversation.safety or reply.intent == "fallback" or outcome.safety_line
        ):
            parts.append(self._texts["resources_line"])
        if not outcome.complete:
            parts.append(self._texts["professional_pointer"])
        return Reply(
            answer="\n\n".join(parts),
            intent=reply.intent,
            confidence=reply.confidence,
            sources=reply.sources,
            suggestions=reply.suggestions,
            context=conversation.to_context(),
            # Clients that show the help lines and the pointer on their own still show the
            # check-in's caring line before the rest.
            body=f"{parts[0]}\n\n{body}" if checks_in else body,
        )


def _handler_name(handler: Handler) -> str:
    """A handler's class, and for a decline the data file its rule comes from."""
    rule = getattr(handler, "rule", None)
    source = getattr(rule, "path", None) or getattr(rule, "name", None)
    return f"{type(handler).__name__} ({Path(source).name})" if source else type(handler).__name__
