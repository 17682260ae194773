"""Answer from the knowledge index: retrieval, follow-ups, confidence and extraction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from bot.conversation import Conversation
from bot.followups import FollowupCues
from bot.patterns import ScreenedPattern
from bot.settings import BotSettings
from knowledge.index import Hit, KnowledgeIndex, Match, Query
from knowledge.passages import Passage
from knowledge.text import word_count


@dataclass(frozen=True)
class Retrieval:
    """The outcome of looking a message up: ranked hits and how sure we are of the first."""

    hits: list[Hit]
    confidence: float
    match: Match
    terms: tuple[str, ...] = ()

    @property
    def best(self) -> Hit | None:
        return self.hits[0] if self.hits else None

    @property
    def margin(self) -> float:
        if len(self.hits) < 2:
            return self.hits[0].score if self.hits else 0.0
        return self.hits[0].score - self.hits[1].score


class Answerer:
    """Finds the passage that answers a message and extracts the sentences that matter."""

    def __init__(
        self,
        index: KnowledgeIndex,
        settings: BotSettings,
        general_words: Iterable[str] = (),
        background: ScreenedPattern | None = None,
        cues: FollowupCues | None = None,
    ) -> None:
        self.index = index
        self.settings = settings
        self.cues = cues or FollowupCues.from_file(settings.resolved_data_dir / "followups.toml")
        self._background = background
        self._general_terms = frozenset(t for w in general_words for t in index.analyzer.terms(w))
        self._by_id = {p.id: i for i, p in enumerate(index.passages)}
        self._vocabulary = index.vectorizer_.vocabulary_
        idf = index.vectorizer_.idf_
        self._max_idf = float(idf.max()) if len(idf) else 1.0
        passages = max(1, len(index.passages))
        self._passage_share = np.diff(index.answer_matrix_.indptr) / passages

    @property
    def topics(self) -> set[str]:
        return set(self._by_id)

    def passage(self, passage_id: str) -> Passage | None:
        position = self._by_id.get(passage_id)
        return None if position is None else self.index.passages[position]

    def coverage(self, known: list[str], unknown: list[str]) -> float:
        """Share of a message's information (IDF mass) carried by terms the index knows.

        Unknown everyday words ("normal") count for little; unknown specific terms ("EMDR")
        count more than the rarest known term, since the knowledge cannot speak to them.
        """
        known_mass = sum(self.index.idf(t) for t in set(known))
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
        known, _ = query.split_known(self._vocabulary)
        terms = tuple(dict.fromkeys(known))
        return Retrieval(hits, float(min(1.0, confidence)), match, terms)

    def without_background(self, message: str, normalized: str) -> str:
        """The message without phrases saying who sent the visitor ("my doctor said")."""
        if self._background is None or not self._background.search(normalized):
            return message
        rest = self._background.sub(" ", normalized)
        return rest if rest.strip(" .,!?") else message

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
        return Retrieval([hit], confidence, match, tuple(conversation.terms))

    def looks_like_followup(self, text: str) -> bool:
        """Pronouns or openers that lean on an earlier message ("is there one for teens?")."""
        return self.cues.message_leans_back(text)

    def retrieve(self, message: str, normalized: str, conversation: Conversation) -> Retrieval:
        """Look a message up on its own and, if it may lean on the conversation, with its topic.

        The topic is used when the message points back ("is there one for teens?"), when the
        current topic answers it well enough, or when adding it finds a clearly better answer
        ("do parents get involved?"), but never when the message alone has a confident answer
        the topic does not share ("and the cost?").
        """
        query = self.index.query(self.without_background(message, normalized))
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
            return Retrieval(alone.hits, 0.0, alone.match, alone.terms)
        if not topic_terms or (specific and coverage < 0.5):
            return alone  # no topic, or the message names something the knowledge lacks
        topic = self.index.query_from_terms(topic_terms)
        combined = self._retrieve(
            query.blend(topic, self.settings.topic_weight),
            self.coverage(known + topic_terms, unknown),
        )
        if combined.best is None:
            return alone
        if alone.best is not None:
            own_score = alone.match.scores[combined.best.position]
            stays_on_topic = combined.best.passage.id == conversation.topic
            if stays_on_topic and own_score >= 0.5 * alone.best.score:
                return self._own_sentences(combined, alone)  # the topic answers it well enough
            if (
                alone.confidence >= self.settings.confident_threshold
                and combined.best.position != alone.best.position
                and own_score < 0.25 * alone.best.score
            ):
                return alone
        leaning = self.looks_like_followup(normalized) or len(set(known)) <= 1
        if leaning or combined.confidence > alone.confidence * (1 + self.settings.topic_gain):
            return self._own_sentences(combined, alone)
        return alone

    def _own_sentences(self, combined: Retrieval, alone: Retrieval) -> Retrieval:
        """The passage found with the conversation's help, its sentences ranked by the message
        alone when the message matches any of them ("what do they check in that?" after a
        question about signing up picks the sentence on what the assessment includes)."""
        best = combined.best
        assert best is not None
        own = self.index.sentence_scores(best.position, alone.match)
        if not any(score > 0 for _, score in own):
            return combined
        return Retrieval(combined.hits, combined.confidence, alone.match, combined.terms)

    def extract(self, hit: Hit, match: Match) -> str:
        """The most relevant one to three sentences of a passage, in their original order."""
        scored = self.index.sentence_scores(hit.position, match)
        if not scored or hit.passage.is_curated:
            return " ".join(hit.passage.answer.split())
        scores = np.array([s for _, s in scored])
        best = int(scores.argmax())
        if scores[best] <= 0:
            best = 0
        chosen = {best}
        words = word_count(scored[best][0])
        # Then the strongest other sentences, or the best one's neighbours, while they fit.
        strong = {
            i for i in range(len(scored)) if scores[best] > 0 and scores[i] >= 0.5 * scores[best]
        }
        order = sorted(
            range(len(scored)), key=lambda i: (i not in strong, abs(i - best), i < best, -scores[i])
        )
        # The sentence before the best one only joins when the best one leans on it.
        leans_back = self.cues.sentence_leans_back(_clean_sentence(scored[best][0]))
        for i in order:
            if len(chosen) >= self.settings.max_sentences:
                break
            near = i == best + 1 or (i == best - 1 and leans_back)
            size = word_count(scored[i][0])
            if (
                i not in chosen
                and (near or i in strong)
                and words + size <= self.settings.max_answer_words
            ):
                chosen.add(i)
                words += size
        for i in sorted(chosen):
            if scored[i][0].rstrip().endswith((":", ";")) and i + 1 < len(scored):
                chosen.add(i + 1)
        text = " ".join(_clean_sentence(scored[i][0]) for i in sorted(chosen))
        # A lead-in ("IOPs face several challenges") is followed by what its sub-sections name.
        return f"{text} {hit.passage.overview}" if hit.passage.overview else text

    def related_questions(self, hits: list[Hit], exclude: set[str], limit: int) -> list[str]:
        """Distinct passage questions from a ranked list, skipping those already shown."""
        questions: list[str] = []
        for hit in hits:
            question = hit.passage.question
            if question not in exclude and question not in questions:
                questions.append(question)
            if len(questions) >= limit:
                break
        return questions


def _clean_sentence(sentence: str) -> str:
    return sentence[2:] if sentence.startswith("- ") else sentence
