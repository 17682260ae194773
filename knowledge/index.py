"""The TF-IDF index: vectorize passages, search them, save and load one versioned artifact."""

from __future__ import annotations

import os
import pickle
import tempfile
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import sklearn
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from knowledge.analyzer import Analyzer
from knowledge.errors import (
    TRAIN_HINT,
    IndexCorruptError,
    IndexMissingError,
    IndexStaleError,
    IndexVersionError,
)
from knowledge.passages import Passage
from knowledge.text import split_sentences

FORMAT_NAME = "iop-faq-index"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class FieldWeights:
    """How much each field of a passage counts towards its score (they sum to 1)."""

    question: float = 0.30
    answer: float = 0.20
    sentence: float = 0.50


@dataclass(frozen=True)
class Hit:
    """One search result."""

    passage: Passage
    score: float
    position: int


@dataclass
class KnowledgeIndex:
    """Passages, their TF-IDF vectors and the fitted vectorizer."""

    passages: list[Passage]
    vectorizer_: TfidfVectorizer
    question_matrix_: sparse.csr_matrix
    question_owner_: np.ndarray
    answer_matrix_: sparse.csr_matrix
    sentence_matrix_: sparse.csr_matrix
    sentence_owner_: np.ndarray
    sentences_: list[str]
    fingerprint: str
    metadata: dict[str, Any] = field(default_factory=dict)
    weights: FieldWeights = field(default_factory=FieldWeights)
    common_terms_: frozenset[str] = frozenset()

    @classmethod
    def build(
        cls,
        passages: list[Passage],
        analyzer: Analyzer,
        fingerprint: str = "",
        metadata: dict[str, Any] | None = None,
        weights: FieldWeights | None = None,
        idf_power: float = 2.0,
        common_words: frozenset[str] = frozenset(),
    ) -> KnowledgeIndex:
        """Fit the vectorizer on every passage and vectorize each field."""
        questions: list[str] = []
        question_owner: list[int] = []
        sentences: list[str] = []
        sentence_owner: list[int] = []
        for position, passage in enumerate(passages):
            for question in (passage.question, *passage.alternatives):
                questions.append(question)
                question_owner.append(position)
            for sentence in split_sentences(passage.answer):
                sentences.append(sentence)
                sentence_owner.append(position)
        answers = [p.answer for p in passages]
        vectorizer = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, norm="l2")
        vectorizer.fit(answers + questions)
        if idf_power != 1.0:
            # Sharper IDF: words found in most passages ("IOP", "treatment") weigh far less
            # than the distinctive ones a question turns on.
            vectorizer.idf_ = vectorizer.idf_**idf_power
        return cls(
            passages=list(passages),
            vectorizer_=vectorizer,
            question_matrix_=vectorizer.transform(questions).tocsr(),
            question_owner_=np.asarray(question_owner, dtype=np.int32),
            answer_matrix_=vectorizer.transform(answers).tocsr(),
            sentence_matrix_=vectorizer.transform(sentences).tocsr(),
            sentence_owner_=np.asarray(sentence_owner, dtype=np.int32),
            sentences_=sentences,
            fingerprint=fingerprint,
            metadata=dict(metadata or {}),
            weights=weights or FieldWeights(),
            common_terms_=frozenset(t for w in common_words for t in analyzer.terms(w)),
        )

    @property
    def analyzer(self) -> Analyzer:
        return self.vectorizer_.analyzer

    @property
    def vocabulary_size(self) -> int:
        return len(self.vectorizer_.vocabulary_)

    def known_terms(self, text: str) -> tuple[list[str], list[str]]:
        """A text's content terms split into those the index knows and those it does not."""
        vocabulary = self.vectorizer_.vocabulary_
        known, unknown = [], []
        for term in self.analyzer.terms(text):
            (known if term in vocabulary else unknown).append(term)
        return known, unknown

    def is_common(self, term: str) -> bool:
        """Whether an (unknown) term is an everyday English word rather than a specific one."""
        return term in self.common_terms_

    def vectorize(self, text: str) -> sparse.csr_matrix:
        """The L2-normalised TF-IDF vector of a text."""
        return self.vectorizer_.transform([text])

    def vectorize_terms(self, terms: list[str]) -> sparse.csr_matrix:
        """The L2-normalised TF-IDF vector of already-analysed terms (unknown ones dropped)."""
        text_vector = self.vectorizer_.transform([""])  # right shape, empty
        vocabulary = self.vectorizer_.vocabulary_
        columns = sorted({vocabulary[t] for t in terms if t in vocabulary})
        if not columns:
            return text_vector
        values = self.vectorizer_.idf_[columns]
        values = values / np.linalg.norm(values)
        return sparse.csr_matrix((values, ([0] * len(columns), columns)), shape=text_vector.shape)

    def search_vector(self, vector: sparse.csr_matrix, limit: int = 5) -> list[Hit]:
        """The best passages for a query vector, best first (only those scoring above zero)."""
        scores = self.scores(vector)
        limit = min(limit, len(scores))
        top = np.argpartition(-scores, limit - 1)[:limit] if limit else []
        ranked = sorted(top, key=lambda i: (-scores[i], i))
        return [
            Hit(passage=self.passages[i], score=float(scores[i]), position=int(i))
            for i in ranked
            if scores[i] > 0
        ]

    def scores(self, query_vector: sparse.csr_matrix) -> np.ndarray:
        """Per-passage score in 0..1: weighted question, answer and best-sentence similarity."""
        count = len(self.passages)
        by_question = np.zeros(count)
        np.maximum.at(
            by_question,
            self.question_owner_,
            (self.question_matrix_ @ query_vector.T).toarray()[:, 0],
        )
        by_sentence = np.zeros(count)
        np.maximum.at(
            by_sentence,
            self.sentence_owner_,
            (self.sentence_matrix_ @ query_vector.T).toarray()[:, 0],
        )
        by_answer = (self.answer_matrix_ @ query_vector.T).toarray()[:, 0]
        w = self.weights
        return w.question * by_question + w.answer * by_answer + w.sentence * by_sentence

    def search(self, text: str, limit: int = 5) -> list[Hit]:
        """The best passages for a text, best first (only those scoring above zero)."""
        return self.search_vector(self.vectorize(text), limit)

    def sentence_scores(
        self, position: int, query_vector: sparse.csr_matrix
    ) -> list[tuple[str, float]]:
        """Each sentence of one passage with its similarity to the query, in text order."""
        rows = np.flatnonzero(self.sentence_owner_ == position)
        sims = (self.sentence_matrix_[rows] @ query_vector.T).toarray()[:, 0]
        return [(self.sentences_[r], float(s)) for r, s in zip(rows, sims, strict=True)]

    # -- persistence -----------------------------------------------------------------

    def save(self, path: Path) -> Path:
        """Write the artifact atomically: a temporary file in the same directory, then rename."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "sklearn": sklearn.__version__,
            "fingerprint": self.fingerprint,
            "metadata": self.metadata,
            "index": self,
        }
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                joblib.dump(payload, handle, compress=3)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        return path

    @classmethod
    def load(cls, path: Path, expected_fingerprint: str | None = None) -> KnowledgeIndex:
        """Load an artifact this project built, checking format, version and freshness.

        joblib files can run code when loaded: only load index files you built yourself.
        """
        path = Path(path)
        if not path.exists():
            raise IndexMissingError(f"no index at {path}; {TRAIN_HINT}")
        try:
            payload = joblib.load(path)
        except (
            EOFError,
            OSError,
            ValueError,
            KeyError,
            IndexError,
            TypeError,
            AttributeError,
            ImportError,
            pickle.UnpicklingError,
            zlib.error,
        ) as exc:
            raise IndexCorruptError(
                f"index {path} is unreadable ({type(exc).__name__}); {TRAIN_HINT}"
            ) from exc
        if not isinstance(payload, dict) or payload.get("format") != FORMAT_NAME:
            raise IndexVersionError(f"{path} is not an iop-faq index; {TRAIN_HINT}")
        if payload.get("version") != FORMAT_VERSION:
            raise IndexVersionError(
                f"index {path} has format version {payload.get('version')}, this release reads "
                f"version {FORMAT_VERSION}; {TRAIN_HINT}"
            )
        if payload.get("sklearn") != sklearn.__version__:
            raise IndexVersionError(
                f"index {path} was built with scikit-learn {payload.get('sklearn')}, this is "
                f"{sklearn.__version__}; {TRAIN_HINT}"
            )
        index = payload.get("index")
        if not isinstance(index, cls):
            raise IndexCorruptError(f"index {path} holds no index object; {TRAIN_HINT}")
        if expected_fingerprint is not None and index.fingerprint != expected_fingerprint:
            raise IndexStaleError(
                f"index {path} is out of date: the sources changed since it was built; {TRAIN_HINT}"
            )
        return index

    def describe(self) -> dict[str, Any]:
        """Summary figures for health checks and build reports."""
        return {
            "passages": len(self.passages),
            "vocabulary": self.vocabulary_size,
            "format_version": FORMAT_VERSION,
            "fingerprint": self.fingerprint,
            **self.metadata,
        }


def passage_dicts(passages: list[Passage]) -> list[dict[str, Any]]:
    """Passages as plain dictionaries (for printing and JSON)."""
    return [asdict(p) for p in passages]
