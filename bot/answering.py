"""Answer from the knowledge index: retrieval, follow-ups, confidence and extraction."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse import linalg as _sparse_linalg  # noqa: F401  (sparse.linalg)

from bot.conversation import Conversation
from bot.settings import BotSettings
from knowledge.index import Hit, KnowledgeIndex
from knowledge.passages import Passage
from knowledge.text import word_count

_ANAPHORA = re.compile(
    r"\b(it|its|that|this|they|them|their|those|these|there|one|ones|he|she|him|her|such)\b"
)
_FOLLOWUP_START = re.compile(r"^(and|but|also|so|then|ok and|okay and|what about|how about|same)\b")


@dataclass(frozen=True)
class Retrieval:
    """The outcome of looking a message up: ranked hits and how sure we are of the first."""

    hits: list[Hit]
    confidence: float
    vector: sparse.csr_matrix
    terms: tuple[str, ...] = ()
    followed_topic: bool = False

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

    def __init__(self, index: KnowledgeIndex, settings: BotSettings) -> None:
        self.index = index
        self.settings = settings
        self._by_id = {p.id: i for i, p in enumerate(index.passages)}
        idf = index.vectorizer_.idf_
        self._idf = {term: idf[col] for term, col in index.vectorizer_.vocabulary_.items()}
        self._max_idf = float(idf.max()) if len(idf) else 1.0

    @property
    def topics(self) -> set[str]:
        return set(self._by_id)

    def passage(self, passage_id: str) -> Passage | None:
        position = self._by_id.get(passage_id)
        return None if position is None else self.index.passages[position]

    def coverage(self, text: str) -> float:
        """Share of a text's information (IDF mass) carried by terms the index knows."""
        known, unknown = self.index.known_terms(text)
        known_mass = sum(self._idf[t] for t in set(known))
        unknown_mass = sum(
            self._max_idf * (self.settings.common_word_weight if self.index.is_common(t) else 1.0)
            for t in set(unknown)
        )
        total = known_mass + unknown_mass
        return known_mass / total if total else 0.0

    def _retrieve(
        self, vector: sparse.csr_matrix, coverage_text: str, terms: tuple[str, ...], followed: bool
    ) -> Retrieval:
        hits = self.index.search_vector(vector, limit=6) if vector.nnz else []
        score = hits[0].score if hits else 0.0
        coverage = self.coverage(coverage_text)
        confidence = score * coverage**self.settings.unknown_term_penalty
        return Retrieval(hits, float(min(1.0, confidence)), vector, terms, followed)

    @staticmethod
    def looks_like_followup(text: str) -> bool:
        """Pronouns or openers that lean on an earlier message ("is there one for teens?")."""
        return bool(_ANAPHORA.search(text) or _FOLLOWUP_START.search(text))

    def retrieve(self, message: str, normalized: str, conversation: Conversation) -> Retrieval:
        """Look a message up on its own and, if it may lean on the conversation, with its topic.

        The topic is used when the message points back ("is there one for teens?") or when
        adding it finds a clearly better answer ("do parents get involved?"), but never when
        the message alone has a confident answer the topic does not share ("and the cost?").
        """
        known, unknown = self.index.known_terms(message)
        own_terms = tuple(dict.fromkeys(known))
        message_vector = self.index.vectorize(message)
        alone = self._retrieve(message_vector, message, own_terms, followed=False)
        if not conversation.terms:
            return alone
        if unknown and self.coverage(message) < 0.5:
            return alone  # the message names something the knowledge does not cover
        topic_vector = self.index.vectorize_terms(list(conversation.terms))
        combined_vector = _normalize(message_vector + self.settings.topic_weight * topic_vector)
        terms = tuple(dict.fromkeys(own_terms + conversation.terms))
        combined = self._retrieve(
            combined_vector, f"{message} {' '.join(conversation.terms)}", terms, followed=True
        )
        if combined.best is None:
            return alone
        if alone.best is not None:
            own_scores = self.index.scores(message_vector)
            own_score = own_scores[combined.best.position]
            stays_on_topic = combined.best.passage.id == conversation.topic
            if stays_on_topic and own_score >= 0.5 * alone.best.score:
                return combined  # the current topic answers the message well enough
            if (
                alone.confidence >= self.settings.confident_threshold
                and combined.best.position != alone.best.position
                and own_score < 0.25 * alone.best.score
            ):
                return alone
        leaning = self.looks_like_followup(normalized) or len(own_terms) <= 1
        if leaning or combined.confidence > alone.confidence * (1 + self.settings.topic_gain):
            return combined
        return alone

    def extract(self, hit: Hit, vector: sparse.csr_matrix) -> str:
        """The most relevant one to three sentences of a passage, in their original order."""
        scored = self.index.sentence_scores(hit.position, vector)
        if not scored:
            return hit.passage.answer
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
        for i in order:
            if len(chosen) >= self.settings.max_sentences:
                break
            near = abs(i - best) == 1
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
        return " ".join(_clean_sentence(scored[i][0]) for i in sorted(chosen))

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


def _normalize(vector: sparse.csr_matrix) -> sparse.csr_matrix:
    norm = sparse.linalg.norm(vector)
    return vector / norm if norm else vector


def _clean_sentence(sentence: str) -> str:
    return sentence[2:] if sentence.startswith("- ") else sentence
