"""Answer from the knowledge index: retrieval, follow-ups, the decision and suggestions; the
sentences shown are chosen by `bot.extraction`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from bot.conversation import Conversation
from bot.data_files import MinorAges
from bot.extraction import Extractor
from bot.extraction_cues import EXTRACTION_FILE, ExtractionCues
from bot.followups import FollowupCues
from bot.patterns import Alternation
from bot.settings import BotSettings
from knowledge.classifier import TextClassifier
from knowledge.index import Hit, KnowledgeIndex, Match, Query
from knowledge.matcher import MATCHER, OUT_OF_SCOPE, passage_words
from knowledge.passages import Passage

# Terms of one message not met before that are compared with the matcher's words for a close
# spelling (typos the speller, one edit deep, leaves: "teenegars"); the rest count as unknown.
MAX_CLOSE_SEARCHES = 3


@dataclass(frozen=True)
class Retrieval:
    """The outcome of looking a message up: ranked hits and how sure we are of the first."""

    hits: list[Hit]
    confidence: float
    match: Match
    terms: tuple[str, ...] = ()
    used_topic: bool = False  # the conversation's topic helped find the answer
    unknown: tuple[str, ...] = ()  # the message's terms the index lacks
    off_topic: bool = False  # about something else that shares an everyday word

    @property
    def best(self) -> Hit | None:
        return self.hits[0] if self.hits else None

    @property
    def margin(self) -> float:
        if len(self.hits) < 2:
            return self.hits[0].score if self.hits else 0.0
        return self.hits[0].score - self.hits[1].score


@dataclass(frozen=True)
class Candidate:
    """One passage the decision weighs: its retrieval confidence, matcher probability, fusion."""

    hit: Hit
    retrieval: float
    matcher: float
    fused: float

    def explain(self) -> str:
        return (
            f"{self.hit.passage.id}  fused {self.fused:.2f} = retrieval {self.retrieval:.2f}"
            f" + matcher {self.matcher:.2f}"
        )


@dataclass(frozen=True)
class Decision:
    """What to do with a message (answer, ask which passage was meant, or fall back) and why."""

    action: Literal["answer", "clarify", "fallback"]
    reason: str
    retrieval: Retrieval
    candidates: tuple[Candidate, ...] = ()
    out_of_scope: float = 0.0  # the matcher's probability that the articles do not cover it

    @property
    def best(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    @property
    def confidence(self) -> float:
        return self.best.fused if self.best else 0.0


class Answerer:
    """Finds the passage that answers a message (its `extractor` chooses the sentences shown)
    and the questions to suggest."""

    def __init__(
        self,
        index: KnowledgeIndex,
        settings: BotSettings,
        general_words: Iterable[str] = (),
        background: Alternation | None = None,
        minor_ages: MinorAges | None = None,
        cues: FollowupCues | None = None,
        extraction: ExtractionCues | None = None,
    ) -> None:
        self.index = index
        self.settings = settings
        self.cues = cues or FollowupCues.from_file(settings.resolved_data_dir / "followups.toml")
        self._background = background
        self._minor_ages = minor_ages or MinorAges()
        self._general_terms = frozenset(t for w in general_words for t in index.analyzer.terms(w))
        self._by_id = {p.id: i for i, p in enumerate(index.passages)}
        # Suggested questions come from a fixed set (passages, starters): their terms are
        # worked out once.
        self._question_terms: dict[str, frozenset[str]] = {}
        self._vocabulary = index.vectorizer_.vocabulary_
        idf = index.vectorizer_.idf_
        self._max_idf = float(idf.max()) if len(idf) else 1.0
        passages = max(1, len(index.passages))
        self._passage_share = index.answer_matrix_.column_counts() / passages
        self.matcher: TextClassifier | None = index.models_.get(MATCHER)
        self._matcher_positions = (
            np.array([self._by_id.get(c, -1) for c in self.matcher.classes])
            if self.matcher is not None
            else np.zeros(0, dtype=np.int64)
        )
        classes = self.matcher.classes if self.matcher is not None else ()
        self._out_of_scope = classes.index(OUT_OF_SCOPE) if OUT_OF_SCOPE in classes else None
        # Index terms of the words the matcher learned the passages from, for its coverage.
        words = passage_words(self.matcher) if self.matcher else []
        self._matcher_terms = frozenset(t for w in words for t in index.analyzer.terms(w))
        # The same terms by first letter and length, to find close spellings quickly.
        shapes: dict[tuple[str, int], list[str]] = {}
        for term in sorted(self._matcher_terms):
            if term.isalpha():
                shapes.setdefault((term[0], len(term)), []).append(term)
        self._matcher_terms_by_shape = {k: tuple(v) for k, v in shapes.items()}
        self._close_terms: dict[str, bool] = {}
        self.extractor = Extractor(
            index,
            settings,
            self.cues,
            extraction or ExtractionCues.from_file(settings.resolved_data_dir / EXTRACTION_FILE),
        )

    @property
    def topics(self) -> set[str]:
        return set(self._by_id)

    def passage(self, passage_id: str) -> Passage | None:
        position = self._by_id.get(passage_id)
        return None if position is None else self.index.passages[position]

    def excerpt(self, message: str, passage_id: str) -> str:
        """The sentences a message alone gets from one named passage, chosen as a reply
        chooses them, whichever passage the decision would pick: extraction on its own."""
        position = self._by_id.get(passage_id)
        if position is None:
            raise KeyError(f"no passage has the id {passage_id!r}")
        asked = self.without_background(message, message)
        match = self.index.match(self.index.query(asked))
        hit = Hit(self.index.passages[position], float(match.scores[position]), position)
        prior = self.settings.sentence_prior_weight
        return self.extractor.extract(hit, match, message, prior_weight=prior)

    def coverage(self, known: list[str], unknown: list[str], learned: Iterable[str] = ()) -> float:
        """Share of a message's information (IDF mass) carried by terms the index knows.

        Unknown everyday words ("normal") count for little; unknown specific terms ("EMDR")
        count more than the rarest known term, since the knowledge cannot speak to them.
        Terms only the matcher learned (`learned`) count as known, at half the rarest IDF.
        """
        known_mass = sum(self.index.idf(t) for t in set(known))
        known_mass += 0.5 * self._max_idf * len(set(learned) - set(known))
        unknown_mass = sum(
            self._max_idf
            * (
                self.settings.common_word_weight
                if self.index.is_common(t)
                else self.settings.specific_term_weight
            )
            for t in set(unknown)
        )
        total = known_mass + unknown_mass
        return known_mass / total if total else 0.0

    def _retrieve(self, query: Query, coverage: float) -> Retrieval:
        match = self.index.match(query)
        hits = self.index.rank(match, limit=6) if not query.empty else []
        score = hits[0].score if hits else 0.0
        confidence = score * coverage**self.settings.unknown_term_penalty
        known, unknown = query.split_known(self._vocabulary)
        terms = tuple(dict.fromkeys(known))
        return Retrieval(
            hits, float(min(1.0, confidence)), match, terms, unknown=tuple(dict.fromkeys(unknown))
        )

    def without_background(self, message: str, normalized: str) -> str:
        """The message without phrases saying who sent the visitor ("my doctor said"), and
        with a minor's age read as a word ("a 16 year old": "a teenager")."""
        aged = self._minor_ages.read(normalized)
        if aged != normalized:
            message = normalized = aged
        if self._background is None or not self._background.search(normalized):
            return message
        rest = self._background.sub(" ", normalized)
        return rest if rest.strip(" .,!?") else message

    def knows_word(self, word: str) -> bool:
        """Whether the articles use a word (as analysed: stemmed, its synonyms mapped), or it is
        one retrieval ignores ("the", "want")."""
        terms = self.index.analyzer.terms(word)
        return not terms or any(t in self._vocabulary for t in terms)

    def subject_terms(self, message: str | tuple[str, ...]) -> list[str]:
        """The terms of a message (its text, or its known terms already worked out) that the
        index knows and that are not everyday words: the subjects the articles speak of
        ("iop", "inpatient", "teen")."""
        if isinstance(message, str):
            known, _ = self.index.query(message).split_known(self._vocabulary)
        else:
            known = list(message)
        return [term for term in known if not self.index.is_common(term)]

    def topic_terms(self, terms: tuple[str, ...] | list[str]) -> list[str]:
        """The conversation terms that say something about its topic: not "IOP" or
        "treatment", which most passages share and which would only pull answers toward
        whatever passage mentions them most, nor terms only questions use ("definition")."""
        limit = self.settings.topic_term_max_share
        return [
            t
            for t in terms
            if (column := self._vocabulary.get(t)) is not None
            and 0 < self._passage_share[column] <= limit
        ]

    def off_topic(self, known: list[str], unknown: list[str]) -> bool:
        """Only general words known ("car", "fix") and at least as many words the index lacks
        ("tire"): a question about something else that happens to share an everyday word."""
        distinct = set(known)
        return (
            bool(distinct)
            and len(set(unknown)) >= len(distinct)
            and self._general_terms.issuperset(distinct)
        )

    def about_topic(self, conversation: Conversation) -> Retrieval | None:
        """The current topic's passage, its sentences ranked by the conversation's terms: the
        answer to a message that points back and says nothing else ("why is that?")."""
        position = self._by_id.get(conversation.topic or "")
        if position is None or not conversation.terms:
            return None
        match = self.index.match(self.index.query_from_terms(conversation.terms))
        hit = Hit(self.index.passages[position], float(match.scores[position]), position)
        confidence = self.settings.answer_threshold
        return Retrieval([hit], confidence, match, tuple(conversation.terms), used_topic=True)

    def looks_like_followup(self, text: str) -> bool:
        """Pronouns or openers that lean on an earlier message ("is there one for teens?")."""
        return self.cues.message_leans_back(text)

    def retrieve(
        self,
        message: str,
        normalized: str,
        conversation: Conversation,
        asked: str | None = None,
    ) -> Retrieval:
        """Look a message up on its own and, if it may lean on the conversation, with its topic.

        The topic is used when the message points back ("is there one for teens?"), when the
        current topic answers it well enough, or when adding it finds a clearly better answer
        ("do parents get involved?"), but never when the message alone has a confident answer
        the topic does not share ("and the cost?"). `asked`: `without_background` of the
        message, when already worked out.
        """
        if asked is None:
            asked = self.without_background(message, normalized)
        query = self.index.query(asked)
        known, unknown = query.split_known(self._vocabulary)
        if not known and self.looks_like_followup(normalized):
            on_topic = self.about_topic(conversation)
            if on_topic is not None:
                return on_topic  # "what does that even do?": only the topic gives it content
        coverage = self.coverage(known, unknown)
        alone = self._retrieve(query, coverage)
        specific = [t for t in unknown if not self.index.is_common(t)]
        topic_terms = self.topic_terms(conversation.terms)
        if not topic_terms and self.off_topic(known, unknown):
            return replace(alone, confidence=0.0, off_topic=True)
        s = self.settings
        if not topic_terms or (specific and coverage < s.topic_min_coverage):
            return alone  # no topic, or the message names something the knowledge lacks
        topic = self.index.query_from_terms(topic_terms)
        combined = self._retrieve(
            query.blend(topic, s.topic_weight),
            self.coverage(known + topic_terms, unknown),
        )
        if self.looks_like_followup(normalized):
            combined = self._topic_first(combined, conversation.topic)
        if combined.best is None:
            return alone
        if alone.best is not None:
            own_score = alone.match.scores[combined.best.position]
            stays_on_topic = combined.best.passage.id == conversation.topic
            if stays_on_topic and own_score >= s.topic_keep_share * alone.best.score:
                return self._own_sentences(combined, alone)  # the topic answers it well enough
            if (
                alone.confidence >= s.confident_threshold
                and combined.best.position != alone.best.position
                and own_score < s.topic_leave_share * alone.best.score
            ):
                return alone
        leaning = self.looks_like_followup(normalized) or len(set(known)) <= 1
        if leaning or combined.confidence > alone.confidence * (1 + s.topic_gain):
            return self._own_sentences(combined, alone)
        return alone

    def _topic_first(self, combined: Retrieval, topic: str | None) -> Retrieval:
        """A reading with the topic in which the topic's passage, when it scores at least
        `topic_hold` of the best, comes first: a message that leans back asks about what was
        just said more likely than about a neighbour that shares its words ("does that include
        my family?" after psychoeducation, not the family therapy passage)."""
        best = combined.best
        if best is None or best.passage.id == topic:
            return combined
        mine = next((hit for hit in combined.hits if hit.passage.id == topic), None)
        if mine is None or mine.score < self.settings.topic_hold * best.score:
            return combined
        # Just above the best, so the fusion that ranks by score ranks it first too.
        first = Hit(mine.passage, best.score * (1 + 1e-4), mine.position)
        hits = [first, *(hit for hit in combined.hits if hit is not mine)]
        return replace(combined, hits=hits)

    def _own_sentences(self, combined: Retrieval, alone: Retrieval) -> Retrieval:
        """The passage found with the conversation's help, its sentences ranked by the message
        alone when the message matches any of them ("what do they check in that?" after a
        question about signing up picks the sentence on what the assessment includes)."""
        best = combined.best
        assert best is not None
        own = self.index.sentence_scores(best.position, alone.match)
        match = alone.match if any(score > 0 for _, score in own) else combined.match
        return Retrieval(combined.hits, combined.confidence, match, combined.terms, used_topic=True)

    # -- the decision: retrieval and the learned matcher, fused ---------------------------

    def decide(self, message: str, normalized: str, conversation: Conversation) -> Decision:
        """Answer, ask which of two close passages was meant, or fall back, with the reason."""
        asked = self.without_background(message, normalized)
        retrieval = self.retrieve(message, normalized, conversation, asked)
        if retrieval.best is None and self.matcher is None:
            return Decision("fallback", "no passage shares a word with the message", retrieval)
        if retrieval.used_topic:
            probabilities, out_of_scope = np.zeros(len(self.index.passages)), 0.0
        else:
            probabilities, out_of_scope = self.matcher_reading(
                asked, retrieval.terms, retrieval.unknown, retrieved=retrieval.confidence
            )
        candidates = self.fuse(retrieval, probabilities)
        if self.reads_out_of_scope(out_of_scope, candidates):
            return Decision(
                "fallback",
                f"the matcher reads a question the articles do not cover ({out_of_scope:.2f})",
                retrieval,
                tuple(candidates),
                out_of_scope,
            )
        decision = replace(self.choose(retrieval, candidates), out_of_scope=out_of_scope)
        if retrieval.used_topic and decision.action == "answer":
            return self.leave_topic(asked, decision, conversation) or decision
        return decision

    def reads_out_of_scope(self, probability: float, candidates: list[Candidate]) -> bool:
        """Whether the matcher's out-of-scope reading decides: at `out_of_scope_threshold` or
        more, and no passage more likely (so a real question that shares a few words with the
        out-of-scope examples, "how can therapy together help our marriage", keeps its passage)."""
        if probability < self.settings.out_of_scope_threshold:
            return False
        return not candidates or probability >= candidates[0].fused

    def leave_topic(
        self, asked: str, decision: Decision, conversation: Conversation
    ) -> Decision | None:
        """A follow-up answered from the conversation's topic that asks about a word the topic's
        passage never uses, when the matcher, reading the message alone, is sure of a passage
        that uses it ("will my insurance pay for it?" after a question on cost): the answer
        from that passage. None when the topic stays.

        On the tuning files this changes one follow-up of twenty, for the better, and no other
        reply; a lower bar, or leaving whenever the message shares no word with the topic,
        changed nothing more.
        """
        best = decision.best
        if best is None or best.hit.passage.id != conversation.topic:
            return None
        query = self.index.query(asked)
        known, unknown = query.split_known(self._vocabulary)
        probabilities, out_of_scope = self.matcher_reading(asked, known, unknown)
        if out_of_scope < 1.0:  # which passage, given that the articles cover the message
            probabilities = probabilities / (1.0 - out_of_scope)
        sure = int(probabilities.argmax())
        if probabilities[sure] < self.settings.leave_topic_probability:
            return None
        here = best.hit.position
        holds = self.index.holds
        if not any(holds(sure, t) and not holds(here, t) for t in set(known)):
            return None
        alone = self._retrieve(query, self.coverage(known, unknown))
        candidates = self.fuse(alone, probabilities)
        if candidates[0].hit.position != sure:
            return None
        reason = "the topic's passage never names what the follow-up asks; the matcher is sure"
        return Decision("answer", reason, alone, tuple(candidates))

    def matcher_reading(
        self,
        text: str,
        known: Iterable[str] | None = None,
        unknown: Iterable[str] | None = None,
        retrieved: float = 1.0,
    ) -> tuple[np.ndarray, float]:
        """The matcher's probability of each passage (by index position), zeros without one,
        and its probability that the articles do not cover the message at all.

        Scaled, as retrieval is, by how much of the message is known (to the index or to the
        matcher's training phrasings, in their spelling or a close one), so a question naming
        something the knowledge lacks ("hypnotherapy") is not matched on its few known words.
        A message retrieval finds off-topic is still weighed here: the matcher knows visitors'
        own words ("who keeps track of medicatoin") where the index knows only everyday ones.

        `retrieved` is retrieval's confidence. A passage's fused confidence is at most that plus
        `matcher_weight` times the scaled probability, itself at most the scale. When even that
        stays under the fallback's suggestion floor, the reply is the plain fallback whatever the
        matcher reads, so it is not asked (zeros, and 0 out of scope): a message of words nobody
        knows, made up or in another language, costs one classifier less.
        """
        probabilities = np.zeros(len(self.index.passages))
        if self.matcher is None:
            return probabilities, 0.0
        if known is None or unknown is None:
            known, unknown = self.index.query(text).split_known(self._vocabulary)
        known, unknown = list(known), list(unknown)
        learned, searchable, rest = self._unknown_parts(unknown)
        # First as if every close-spelling search found a learned term, which can only raise
        # the gate: when even that leaves the matcher no say, no search is made either.
        if self._no_say(retrieved, self._gate(known, learned + searchable, rest)):
            return probabilities, 0.0
        also_known, rest = self._searched(learned, searchable, rest)
        gate = self._gate(known, also_known, rest)
        if self._no_say(retrieved, gate):
            return probabilities, 0.0
        proba = self.matcher.predict_proba(text)
        out_of_scope = float(proba[self._out_of_scope]) if self._out_of_scope is not None else 0.0
        if gate <= 0:
            return probabilities, out_of_scope
        valid = self._matcher_positions >= 0
        probabilities[self._matcher_positions[valid]] = proba[valid] * gate
        return probabilities, out_of_scope

    def _gate(self, known: list[str], learned: list[str], rest: list[str]) -> float:
        """How much of a message the matcher's reading counts for: its coverage, penalised."""
        return self.coverage(known, rest, learned) ** self.settings.unknown_term_penalty

    def _no_say(self, retrieved: float, gate: float) -> bool:
        """Whether no passage could reach the fallback's suggestions whatever the matcher read,
        at this gate (see `matcher_reading`)."""
        return retrieved + self.settings.matcher_weight * gate < self.settings.suggestion_floor

    def _unknown_parts(self, unknown: list[str]) -> tuple[list[str], list[str], list[str]]:
        """The unknown terms the matcher learned; those to compare with close spellings of
        learned ones; and the rest. Only the first `MAX_CLOSE_SEARCHES` terms of a message that
        need it are compared (remembered or not, so the reading depends on the message alone),
        which bounds the cost of a message of made-up words."""
        learned: list[str] = []
        searchable: list[str] = []
        rest: list[str] = []
        for term in unknown:
            if term in self._matcher_terms:
                learned.append(term)
            elif self._searchable(term) and len(searchable) < MAX_CLOSE_SEARCHES:
                searchable.append(term)
            else:
                rest.append(term)
        return learned, searchable, rest

    def _searched(
        self, learned: list[str], searchable: list[str], rest: list[str]
    ) -> tuple[list[str], list[str]]:
        """`_unknown_parts` with each searchable term found close to a learned one or not: the
        unknown terms the matcher learned, or a close spelling of ("teeneg", typed for
        "teenag"), which its character n-grams then recognise; and the rest."""
        close = [self._close_to_learned(term) for term in searchable]
        found = [term for term, near in zip(searchable, close, strict=True) if near]
        missed = [term for term, near in zip(searchable, close, strict=True) if not near]
        return learned + found, rest + missed

    def _searchable(self, term: str) -> bool:
        """Whether an unknown term may be a close spelling of a learned one: long enough,
        letters only, not an everyday word."""
        return len(term) >= 5 and term.isalpha() and not self.index.is_common(term)

    def _close_to_learned(self, term: str) -> bool:
        """Whether a learned term of about the same length and first letter is a close spelling
        of a term (remembered per process)."""
        known = self._close_terms.get(term)
        if known is None:
            if len(self._close_terms) > 10_000:
                self._close_terms.clear()
            shapes = self._matcher_terms_by_shape
            lengths = range(len(term) - 1, len(term) + 2)
            similar = [t for n in lengths for t in shapes.get((term[0], n), ())]
            known = bool(difflib.get_close_matches(term, similar, n=1, cutoff=0.8))
            self._close_terms[term] = known
        return known

    def fuse(self, retrieval: Retrieval, probabilities: np.ndarray) -> list[Candidate]:
        """Every passage either source ranks near the top, with one fused confidence.

        Retrieval confidence is the passage's score scaled like the best one's (by how much of
        the message the index knows); the two combine like independent pieces of evidence. A
        message read with the conversation's topic is found by retrieval alone: the matcher sees
        only the message, which leans on what came before.
        """
        s = self.settings
        best = retrieval.best
        scale = retrieval.confidence / best.score if best is not None and best.score > 0 else 0.0
        if retrieval.used_topic:
            scores = np.zeros(len(self.index.passages))
            for hit in retrieval.hits:
                scores[hit.position] = hit.score * scale
            probabilities = np.zeros_like(scores)
        else:
            scores = retrieval.match.scores * scale
        # Either source can make a passage likely; both together make it more likely still.
        fused = 1.0 - (1.0 - np.minimum(scores, 1.0)) * (1.0 - s.matcher_weight * probabilities)
        keep = min(len(fused), s.max_suggestions + 2)
        top = np.argpartition(-fused, keep - 1)[:keep] if keep else np.zeros(0, dtype=np.int64)
        # As Python numbers: reading NumPy scalars one by one costs more than the arithmetic.
        found = zip(
            fused[top].tolist(),
            top.tolist(),
            scores[top].tolist(),
            probabilities[top].tolist(),
            strict=True,
        )
        passages = self.index.passages
        return [
            Candidate(Hit(passages[i], score, i), min(1.0, score), probability, min(1.0, weight))
            for weight, i, score, probability in sorted(found, key=lambda c: (-c[0], c[1]))
            if weight > 0
        ]

    def choose(self, retrieval: Retrieval, candidates: list[Candidate]) -> Decision:
        """Answer a clear winner; ask when two different answers are about as likely; else
        fall back with the nearest passages as suggestions."""
        s = self.settings
        found = tuple(candidates)
        if not candidates or candidates[0].fused < s.answer_threshold:
            return Decision("fallback", "no passage is likely enough", retrieval, found)
        best = candidates[0]
        if retrieval.best is not None and retrieval.best.position == best.hit.position:
            retrieval_picks = (
                "retrieval and matcher agree"
                if 0 < best.matcher >= max(c.matcher for c in candidates)
                else "retrieval's best"
            )
        else:
            retrieval_picks = "matcher's best"
        rival = self._rival(retrieval, candidates)
        if (
            rival is not None
            and best.fused < s.disagree_confidence
            and best.fused - rival.fused < s.disagree_margin
        ):
            return Decision(
                "clarify", "retrieval and matcher prefer different passages", retrieval, found
            )
        if best.fused >= s.confident_threshold:
            return Decision("answer", f"confident ({retrieval_picks})", retrieval, found)
        runner = candidates[1] if len(candidates) > 1 else None
        if (
            runner is not None
            and best.fused - runner.fused < s.clarify_margin
            and runner.hit.passage.question != best.hit.passage.question
            and (best.matcher > best.retrieval) != (runner.matcher > runner.retrieval)
        ):
            return Decision("clarify", "two passages are about as likely", retrieval, found)
        margin = best.fused - runner.fused if runner is not None else best.fused
        if margin < s.min_margin:
            return Decision("fallback", "weak and no clear winner", retrieval, found)
        return Decision("answer", f"likely enough ({retrieval_picks})", retrieval, found)

    @staticmethod
    def _rival(retrieval: Retrieval, candidates: list[Candidate]) -> Candidate | None:
        """When retrieval and the matcher each prefer a different passage (with a different
        question), the one of the two that did not win the fusion; None when they agree.

        Out of fold, on the matcher's phrasings, the two agree on about half the messages and
        are then right four times in five; when they disagree the fused winner is right only
        about half the time, so a close disagreement is asked about rather than answered.
        """
        best = candidates[0]
        top_matcher = max(candidates, key=lambda c: c.matcher)
        if retrieval.best is None or top_matcher.matcher <= 0:
            return None
        by_retrieval = next(
            (c for c in candidates if c.hit.position == retrieval.best.position), None
        )
        if by_retrieval is None or by_retrieval.hit.position == top_matcher.hit.position:
            return None
        rival = top_matcher if best is by_retrieval else by_retrieval
        if rival is best or rival.hit.passage.question == best.hit.passage.question:
            return None
        return rival

    def related_questions(
        self, hits: Iterable[Hit], exclude: set[str], limit: int, answered: Passage | None = None
    ) -> list[str]:
        """Distinct passage questions from a ranked list (read only as far as needed), skipping
        those already shown, those that mostly repeat one already chosen and, when a passage
        was just `answered`, those of its section or that only rephrase its question ("How many
        weeks is IOP?" after "How long does IOP last?")."""
        questions: list[str] = []
        for hit in hits:
            question = hit.passage.question
            if question in exclude or self.repeats(question, questions):
                continue
            if answered is not None and (
                hit.passage.heading == answered.heading or self.rephrases(question, answered)
            ):
                continue
            questions.append(question)
            if len(questions) >= limit:
                break
        return questions

    def rephrases(self, question: str, answered: Passage) -> bool:
        """Whether a question mostly repeats what a passage's question asks."""
        asked = self._topic_term_set(answered.question)
        return _overlap(asked, self._topic_term_set(question)) >= 0.5

    def repeats(self, question: str, others: Iterable[str]) -> bool:
        """Whether a question is one of `others` or shares half the terms of the longer of the
        two with one ("How many weeks and hours a day is IOP?" beside "How long does IOP last,
        and how many hours a week?"; not "Can IOP help manage my medication?" beside "How does
        IOP help with addiction?")."""
        terms = self._topic_term_set(question)
        return any(
            question == other or _overlap(self._topic_term_set(other), terms, larger=True) >= 0.5
            for other in others
        )

    def _topic_term_set(self, text: str) -> frozenset[str]:
        """A question's terms that say what it is about (not "IOP", which all share)."""
        terms = self._question_terms.get(text)
        if terms is None:
            terms = frozenset(self.topic_terms(self.index.analyzer.terms(text)) if text else ())
            if len(self._question_terms) < 10_000:
                self._question_terms[text] = terms
        return terms


def _overlap(first: frozenset[str], second: frozenset[str], larger: bool = False) -> float:
    """Shared terms as a share of the smaller set (of the `larger` one when asked; 0 when
    either is empty)."""
    if not first or not second:
        return 0.0
    return len(first & second) / (max if larger else min)(len(first), len(second))
