"""Reply handlers: one small class per kind of reply, all of the same shape.

The bot tries them in order (crisis, small talk, declines, knowledge); the first that
returns an `Outcome` answers the turn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Protocol

from bot.answering import Answerer, Decision
from bot.conversation import Conversation
from bot.crisis import CrisisLevel, CrisisSignal
from bot.declines import DeclineRule
from bot.extraction import More
from bot.languages import Language, Languages, words_in
from bot.patterns import text_starts
from bot.reply import Reply
from bot.resources import ResourceBook
from bot.settings import BotSettings
from bot.smalltalk import LearnedSmallTalk, SmallTalk, SmallTalkKind
from bot.whole_messages import WholeMessages
from knowledge.index import Hit, Match
from knowledge.passages import Passage

# The reason of a decision turned into a fallback by `KnowledgeHandler.decide`.
SUBJECT_NOT_IN_ARTICLES = "a crisis subject the articles never name; retrieval found almost nothing"


@dataclass(frozen=True)
class Turn:
    """One incoming message, validated, with its conversation and any crisis signal."""

    message: str
    normalized: str  # what crisis detection reads: typos and all, as its examples are written
    conversation: Conversation
    crisis: CrisisSignal | None = None
    # The normalised message with likely typos corrected: what the other handlers read.
    read: str = ""
    picked: bool = False  # `read` is the question a pick ("the second one") chose

    def __post_init__(self) -> None:
        if not self.read:
            object.__setattr__(self, "read", self.normalized)

    @cached_property
    def starts(self) -> frozenset[str]:
        """The read message's `text_starts`, shared by the screens that read it."""
        return text_starts(self.read)


@dataclass(frozen=True)
class Outcome:
    """A handler's reply, and what the conversation is about after it."""

    reply: Reply
    topic: str | None = None
    terms: tuple[str, ...] = ()
    complete: bool = False  # the text is final: add no resources line or pointer
    offered: tuple[str, ...] = ()  # passages whose questions the reply offers to choose from
    shown: tuple[int, ...] = ()  # the sentences of the topic's reading the reply shows
    safety_line: bool = False  # show the crisis line, as a fallback does


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
        lines = [self.messages[signal.intro], ""]
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


class MoreHandler:
    """Requests for more ("tell me more", "go on"): the rest of the passage last answered, a
    few sentences at a time, then an honest "that's all" with related questions."""

    def __init__(
        self,
        answerer: Answerer,
        asks_more: WholeMessages,
        messages: Mapping[str, str],
        settings: BotSettings,
    ) -> None:
        self.answerer = answerer
        self.extractor = answerer.extractor
        self.asks_more = asks_more
        self.messages = messages
        self.settings = settings

    def handle(self, turn: Turn) -> Outcome | None:
        conversation = turn.conversation
        if conversation.topic is None:
            return None
        # As typed ("cuéntame más") or as corrected ("tell me mroe").
        if not (self.asks_more.matches(turn.normalized) or self.asks_more.matches(turn.read)):
            return None
        passage = self.answerer.passage(conversation.topic)
        if passage is None:
            return None
        more = self.extractor.more(passage, conversation.shown)
        # Passages near this one, its own sub-sections and other articles' answers to the
        # same question included: where more is to be found.
        related = self.answerer.related_questions(
            self.answerer.index.search(passage.question, limit=12),
            {passage.question},
            self.settings.max_suggestions,
        )
        if not more.text:
            reply = Reply(answer=self.messages["no_more"], intent="fallback", suggestions=related)
            return Outcome(reply)
        shown = conversation.shown + more.shown
        if self.extractor.goes_on(passage, shown):
            related = offer_more(self.messages, related, self.settings.max_suggestions)
        source = f"{self.messages['source_prefix']} {short_title(passage.title)}"
        reply = Reply(
            answer=f"{more.text}\n\n{source}",
            intent="answer",
            confidence=1.0,
            sources=[p.source() for p in more.passages],
            suggestions=related,
            body=more.text,
        )
        return Outcome(
            reply,
            topic=passage.id,
            terms=conversation.terms,
            shown=shown,
        )


def offer_more(messages: Mapping[str, str], suggestions: list[str], limit: int) -> list[str]:
    """The suggestions with "Tell me more" first (`more_suggestion`), `limit` in all: for an
    answer whose text goes on."""
    return [messages["more_suggestion"], *suggestions][:limit]


class SmallTalkHandler:
    """Greetings, thanks, goodbyes and questions about the bot itself."""

    def __init__(
        self, smalltalk: SmallTalk, starters: list[str], foreign_words: Set[str] = frozenset()
    ) -> None:
        self.smalltalk = smalltalk
        self.starters = starters
        self.foreign_words = foreign_words  # words of the other languages visitors write in

    def handle(self, turn: Turn) -> Outcome | None:
        kinds = self.smalltalk.match(turn.read, turn.starts)
        if not kinds and self._corrected_a_foreign_word(turn):
            kinds = self.smalltalk.match(turn.normalized)  # as typed: "hola", not "hold"
        if not kinds:
            return None
        reply = Reply(
            answer=self.smalltalk.reply_text(kinds),
            intent="smalltalk",
            confidence=1.0,
            suggestions=self.starters,
        )
        return Outcome(reply)

    def _corrected_a_foreign_word(self, turn: Turn) -> bool:
        """Whether the speller, which knows English, changed a word of another language."""
        if turn.read == turn.normalized:
            return False
        changed = set(words_in(turn.normalized)).difference(words_in(turn.read))
        return not changed.isdisjoint(self.foreign_words)


class LanguageHandler:
    """A message written in another language than English: the articles are in English, so
    the bot says so, in English and in the visitor's language, with a help line that has
    interpreters."""

    def __init__(
        self, languages: Languages, starters: list[str], give_way: Sequence[DeclineRule] = ()
    ) -> None:
        """`give_way`: the declines a request in English for a language gives way to."""
        self.languages = languages
        self.starters = starters
        self.give_way = tuple(give_way)

    def language(self, turn: Turn) -> tuple[Language | None, bool]:
        """The language a message is written in or, in English, asks for (then True)."""
        language = self.languages.detect(turn.normalized)  # as typed: the speller knows English
        if language is not None:
            return language, False
        asked = self._asked_for(turn)
        return asked, asked is not None

    def handle(self, turn: Turn) -> Outcome | None:
        language, _ = self.language(turn)
        if language is None:
            return None
        reply = Reply(
            answer=self.languages.reply_to(language),
            intent="fallback",
            confidence=1.0,
            sources=[self.languages.help_line.source()],
            suggestions=self.starters,
        )
        return Outcome(reply)

    def _asked_for(self, turn: Turn) -> Language | None:
        """The language a message in English asks for ("do you speak spanish"), unless it is
        a request one of the `give_way` declines answers better ("a spanish speaking program
        in holyoke")."""
        language = self.languages.asked_for(turn.normalized)
        if language is None or any(r.matches(turn.read, turn.starts) for r in self.give_way):
            return None
        return language


class DeclineHandler:
    """A kind of request the bot does not answer (personal medical advice, contact details)."""

    def __init__(
        self, rule: DeclineRule, starters: list[str], knows: Callable[[str], bool] | None = None
    ) -> None:
        """`knows`: whether the articles use a word (for the rule's `unnamed_heads`)."""
        self.rule = rule
        self.starters = starters
        self.knows = knows

    def handle(self, turn: Turn) -> Outcome | None:
        if not (self.rule.matches(turn.read, turn.starts) or self._names_unknown_care(turn)):
            return None
        reply = Reply(
            answer=self.rule.reply, intent="fallback", confidence=1.0, suggestions=self.starters
        )
        return Outcome(reply)

    def _names_unknown_care(self, turn: Turn) -> bool:
        """Whether the message names a kind of care by a word the articles never use ("is
        equine therapy offered"): they cannot describe it."""
        knows = self.knows
        return knows is not None and any(not knows(w) for w in self.rule.modifiers(turn.read))


def short_title(title: str) -> str:
    """The first of several titles, without a subtitle ("...: A Deep Dive")."""
    first = title.split(";")[0].strip()
    head, _, subtitle = first.partition(": ")
    return head if subtitle and len(head.split()) >= 3 else first


class KnowledgeHandler:
    """An answer from the articles, or an honest fallback with related questions."""

    def __init__(
        self,
        answerer: Answerer,
        messages: Mapping[str, str],
        settings: BotSettings,
        starters: list[str],
        smalltalk: LearnedSmallTalk | None = None,
    ) -> None:
        self.answerer = answerer
        self.extractor = answerer.extractor
        self.messages = messages
        self.settings = settings
        self.starters = starters
        self.smalltalk = smalltalk  # the small-talk classifier, for what would fall back

    def handle(self, turn: Turn) -> Outcome:
        decision = self.decide(turn)
        if decision.action == "answer":
            return self._smalltalk(turn, decision) or self._answer(decision, turn)
        if decision.action == "clarify":
            return self._smalltalk(turn, decision) or self._clarify(decision)
        if decision.reason == SUBJECT_NOT_IN_ARTICLES:
            return self._fallback(decision, self.messages["crisis_subject"])
        return self._smalltalk(turn, decision) or self._fallback(decision)

    def _smalltalk(self, turn: Turn, decision: Decision) -> Outcome | None:
        """The reply of the small-talk kind the classifier reads (`smalltalk_reading`), with
        the crisis line where the reply it replaces would have shown it."""
        found = self.smalltalk_reading(turn, decision)
        if found is None:
            return None
        kind, probability = found
        reply = Reply(
            answer=kind.reply, intent="smalltalk", confidence=probability, suggestions=self.starters
        )
        # In place of a fallback, or on a message the crisis layers read something in ("what
        # does sos mean"), the crisis line stays, as the fallback would have shown it.
        shown = decision.action != "answer" or turn.crisis is not None
        return Outcome(reply, safety_line=shown)

    def smalltalk_reading(
        self, turn: Turn, decision: Decision
    ) -> tuple[SmallTalkKind, float] | None:
        """Small talk the patterns missed ("makes sense", "nite nite"), as the small-talk
        classifier reads it, with its probability: for a message that names no subject of the
        articles and would fall back, or whose answer (or "Did you mean") is no more likely than
        small talk and owes nothing to the conversation (its topic, or words that lean back on
        it)."""
        retrieval = decision.retrieval
        answers = decision.action in ("answer", "clarify")
        if self.smalltalk is None or turn.picked or (answers and retrieval.used_topic):
            return None
        # The message's own terms, when the reading was of the message alone.
        terms = self.answerer.subject_terms(
            retrieval.terms if not retrieval.used_topic else turn.read
        )
        if terms:
            return None  # "hi, teen iop? thanks" asks about something
        found = self.smalltalk.read(turn.normalized)
        if found is None:
            return None
        if answers and (
            found[1] < decision.confidence
            or (turn.conversation.topic and self.answerer.looks_like_followup(turn.read))
        ):
            return None  # "what does that involve?" asks about the answer before
        return found

    def decide(self, turn: Turn) -> Decision:
        """The answerer's decision, unless the message asks about a crisis subject the
        articles never name: the crisis layer saw the subject and raised no alarm, and
        retrieval found next to nothing of the message, so an answer would rest on the
        matcher reading the question's form alone ("what are the signs of suicide" read as
        "what are the benefits of IOP"), and a plain fallback would not say why."""
        decision = self.answerer.decide(turn.read, turn.read, turn.conversation)
        crisis = turn.crisis
        if (
            crisis is not None
            and crisis.level is CrisisLevel.INFORMATIONAL
            and crisis.rule is not None
            and decision.retrieval.confidence < self.settings.subject_retrieval_floor
        ):
            return replace(decision, action="fallback", reason=SUBJECT_NOT_IN_ARTICLES)
        return decision

    def explain(self, turn: Turn) -> list[str]:
        """The decision on a turn, its reason, and every passage it weighed with its scores."""
        decision = self.decide(turn)
        retrieval = decision.retrieval
        lines = [f"read as: {turn.read}"] if turn.read != turn.normalized else []
        lines += [
            f"decision: {decision.action} ({decision.reason})",
            f"confidence: {decision.confidence:.2f} (answer at {self.settings.answer_threshold},"
            f" confident at {self.settings.confident_threshold})",
            f"retrieval: confidence {retrieval.confidence:.2f}"
            + (", with the conversation's topic" if retrieval.used_topic else ""),
            f"out of scope: {decision.out_of_scope:.2f} (falls back at"
            f" {self.settings.out_of_scope_threshold} when no passage is likelier)",
            "candidates:",
        ]
        lines += [f"  {c.explain()}" for c in decision.candidates]
        smalltalk = self.smalltalk_reading(turn, decision)
        if smalltalk is not None:
            lines.append(
                f"small talk: the classifier reads {smalltalk[0].name} {smalltalk[1]:.2f} (at "
                f"least {self.settings.smalltalk_probability}), which replies instead"
            )
        if decision.action == "answer":
            lines += self._explain_sentences(decision, turn)
        return lines

    def _explain_sentences(self, decision: Decision, turn: Turn) -> list[str]:
        """The answered passage's sentences with the scores extraction gave them, those shown
        marked `>` (-1: never shown, such as meta-text)."""
        best = decision.best
        assert best is not None
        match, prior = self._extraction_reading(decision)
        found, scores = self.extractor.weigh_sentences(best.hit, match, turn.read, prior)
        shown = self.extractor.extract(best.hit, match, turn.read, prior_weight=prior)
        marked = self.extractor.shown_sentences(best.hit.passage, shown)
        lines = [f"sentences of {best.hit.passage.id} (score; > shown):"]
        for i, (sentence, score) in enumerate(zip(found.sentences, scores.tolist(), strict=True)):
            text = " ".join(sentence.split())
            lines.append(f"  {'>' if i in marked else ' '} {score:5.2f}  {text}")
        runner_up = self._runner_up(decision, turn, shown)
        if runner_up is not None:
            lines.append(f"adds the runner-up's best sentence: {runner_up[0].id}")
        return lines

    def _extraction_reading(self, decision: Decision) -> tuple[Match, float]:
        """The match and sentence-prior weight an answer's sentences are chosen by: a message
        read with the conversation's topic picks its sentences by its own words alone."""
        prior = 0.0 if decision.retrieval.used_topic else self.settings.sentence_prior_weight
        return decision.retrieval.match, prior

    def _answer(self, decision: Decision, turn: Turn) -> Outcome:
        best = decision.best
        assert best is not None
        passage = best.hit.passage
        match, prior = self._extraction_reading(decision)
        excerpt = self.extractor.extract(best.hit, match, turn.read, prior_weight=prior)
        shown = self.extractor.shown_sentences(passage, excerpt)
        sources = [passage.source()]
        runner_up = self._runner_up(decision, turn, excerpt)
        if runner_up is None and self._said_before(passage, shown, turn.conversation):
            following = self._what_comes_next(passage, excerpt, turn)
            excerpt = f"{self.messages['said_before']} {excerpt}"
            if following is not None:
                excerpt = f"{excerpt}\n\n{self.messages['also_same_article']} {following.text}"
                shown = turn.conversation.shown + following.shown
                sources += [s for p in following.passages if (s := p.source()) not in sources]
        elif runner_up is not None:
            other, sentence = runner_up
            label = "also_other_article" if other.file != passage.file else "also_same_article"
            excerpt = f"{excerpt}\n\n{self.messages[label]} {sentence}"
            sources.append(other.source())
        source = f"{self.messages['source_prefix']} {short_title(passage.title)}"
        suggestions = self.answerer.related_questions(
            self._suggestion_hits(decision),
            {passage.question},
            self.settings.max_suggestions,
            answered=passage,
        )
        for starter in self.starters:
            if len(suggestions) < self.settings.max_suggestions and not (
                self.answerer.repeats(starter, suggestions)
                or self.answerer.rephrases(starter, passage)
            ):
                suggestions.append(starter)
        if self.extractor.goes_on(passage, shown):
            suggestions = offer_more(self.messages, suggestions, self.settings.max_suggestions)
        reply = Reply(
            answer=f"{excerpt}\n\n{source}",
            intent="answer",
            confidence=best.fused,
            sources=sources,
            suggestions=suggestions,
            body=excerpt,
        )
        return Outcome(reply, topic=passage.id, terms=decision.retrieval.terms, shown=shown)

    def _what_comes_next(self, passage: Passage, excerpt: str, turn: Turn) -> More | None:
        """For a follow-up that gets the sentences the conversation has already shown: the
        sentence "tell me more" would show first, when the message names something (in the
        index's terms) that those sentences never mention, so it likely asks what the passage
        says next ("do I have to sleep there?" after "what is an IOP?"). None otherwise: a
        message naming nothing ("why is that?") or what the sentences name is answered by them.

        On the tuning follow-ups this took 57 -> 59 of 80 and changed no other pass of any
        evaluation file. Adding the sentence after every repeat passed the same tuning cases
        but lengthened the dev set's median extract past its 40 words."""
        index = self.answerer.index
        asked = set(index.query(turn.read).terms)
        if not asked or asked & set(index.query(excerpt).terms):
            return None
        following = self.extractor.more(passage, turn.conversation.shown, max_words=0)
        return following if following.text else None

    @staticmethod
    def _said_before(passage: Passage, shown: tuple[int, ...], conversation: Conversation) -> bool:
        """Whether the conversation's topic is this passage and every sentence of it the
        excerpt shows (`shown`, positions in its reading) was shown before."""
        return (
            passage.id == conversation.topic
            and bool(shown)
            and set(shown) <= set(conversation.shown)
        )

    def _runner_up(
        self, decision: Decision, turn: Turn, excerpt: str
    ) -> tuple[Passage, str] | None:
        """The runner-up passage and its best sentence, when its fused confidence is at least
        `runner_up_share` of the answer's and that sentence is not already in the excerpt."""
        if len(decision.candidates) < 2:
            return None
        first, second = decision.candidates[:2]  # two passages: candidates are distinct
        if second.fused < self.settings.runner_up_share * first.fused:
            return None
        match, prior = self._extraction_reading(decision)
        sentence = self.extractor.best_sentence(second.hit, match, turn.read, prior)
        if not sentence or sentence[-30:] in excerpt:
            return None
        return second.hit.passage, sentence

    def _suggestion_hits(self, decision: Decision) -> Iterator[Hit]:
        """Passages to suggest after an answer, best first. The runner-up comes first: a "did
        you mean" when it is close. More of the ranking is worked out only when these run
        short of distinct questions."""
        yield from (c.hit for c in decision.candidates[1:])
        yield from decision.retrieval.hits
        yield from self.answerer.index.rank(decision.retrieval.match, limit=12)

    def _clarify(self, decision: Decision) -> Outcome:
        """Two passages about as likely: ask which one was meant, both as suggestions."""
        hits = [c.hit for c in decision.candidates]
        questions = self.answerer.related_questions(hits, set(), 2)
        text = f"{self.messages['clarify']} {' · '.join(questions)}"
        reply = Reply(
            answer=text, intent="fallback", confidence=decision.confidence, suggestions=questions
        )
        by_question = {hit.passage.question: hit.passage.id for hit in hits}
        return Outcome(reply, offered=tuple(by_question[q] for q in questions))

    def _fallback(self, decision: Decision, saying: str | None = None) -> Outcome:
        """The honest fallback (`saying`, or the plain "I don't have information on that"),
        with the nearest passages' questions, or the starters when none is near."""
        floor = self.settings.suggestion_floor
        related = [c.hit for c in decision.candidates if c.fused >= floor]
        suggestions = self.answerer.related_questions(related, set(), self.settings.max_suggestions)
        saying = saying or self.messages["fallback"]
        if suggestions:
            text = f"{saying} {self.messages['fallback_suggest']}"
        else:
            suggestions = self.starters
            text = f"{saying} {self.messages['fallback_nothing']}"
        reply = Reply(
            answer=text, intent="fallback", confidence=decision.confidence, suggestions=suggestions
        )
        return Outcome(reply)
