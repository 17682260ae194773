"""The TF-IDF index: vectorize passages, search them, save and load one versioned artifact."""

from __future__ import annotations

import glob
import os
import pickle
import stat
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import joblib
import numpy as np

from knowledge.analyzer import MAX_NEW_STEMS, Analyzer
from knowledge.classifier import TextClassifier
from knowledge.errors import (
    TRAIN_HINT,
    IndexCorruptError,
    IndexMissingError,
    IndexVersionError,
)
from knowledge.passages import Passage
from knowledge.postings import Postings
from knowledge.spelling import Speller
from knowledge.text import split_sentences

FORMAT_NAME = "iop-faq-index"
FORMAT_VERSION = 10
DENSE_LIMIT = 4_000_000  # cells: below this the index also keeps a dense copy for speed


@dataclass(frozen=True)
class FieldWeights:
    """How much each field of a passage counts towards its score (the fields sum to 1)."""

    question: float = 0.30
    answer: float = 0.20
    sentence: float = 0.50
    curated: float = 1.1  # maintainers' own answers win near-ties


@dataclass(frozen=True)
class Hit:
    """One search result."""

    passage: Passage
    score: float
    position: int


@dataclass(frozen=True)
class Query:
    """A text as index terms, and its L2-normalised TF-IDF weights by vocabulary column."""

    terms: tuple[str, ...]
    columns: np.ndarray
    values: np.ndarray

    @property
    def empty(self) -> bool:
        return len(self.columns) == 0

    def split_known(self, vocabulary: dict[str, int]) -> tuple[list[str], list[str]]:
        """The unigram terms split into those in the vocabulary and those not."""
        known: list[str] = []
        unknown: list[str] = []
        for term in self.terms:
            if " " not in term:
                (known if term in vocabulary else unknown).append(term)
        return known, unknown

    def blend(self, other: Query, weight: float) -> Query:
        """This query plus `weight` times another, renormalised (a conversation's topic)."""
        merged = dict(zip(self.columns.tolist(), self.values.tolist(), strict=True))
        for column, value in zip(other.columns.tolist(), other.values.tolist(), strict=True):
            merged[column] = merged.get(column, 0.0) + weight * value
        columns = np.fromiter(merged, dtype=np.int64, count=len(merged))
        values = np.fromiter(merged.values(), dtype=np.float64, count=len(merged))
        norm = float(np.sqrt(values @ values)) if len(values) else 0.0
        return Query(self.terms + other.terms, columns, values / norm if norm else values)


@dataclass(frozen=True)
class Match:
    """How well a query matches every passage, and every sentence."""

    scores: np.ndarray
    sentence_sims: np.ndarray


TEMP_SUFFIX = ".tmp"
STALE_TEMP_SECONDS = 3600.0  # an unfinished save older than this was interrupted


def file_mode(path: Path) -> int:
    """The permission bits for a new version of `path`: those of the current file, else the
    default for new files under the process umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def remove_stale_temporaries(path: Path, older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Delete `.NAME.*.tmp` files beside `path` that an interrupted save left behind."""
    removed = []
    cutoff = time.time() - older_than
    for candidate in path.parent.glob(f".{glob.escape(path.name)}.*{TEMP_SUFFIX}"):
        try:
            if candidate.stat().st_mtime < cutoff:
                candidate.unlink()
                removed.append(candidate)
        except FileNotFoundError:
            continue
    return removed


def _unpickled(load: Callable[[], Any], failure: str) -> Any:
    """What `load` unpickles; whatever breaks unpickling means a bad file, said as `failure`."""
    try:
        return load()
    except Exception as exc:  # noqa: BLE001 - any error here means the file is bad
        raise IndexCorruptError(f"{failure} ({type(exc).__name__}); {TRAIN_HINT}") from exc


def _group_starts(owners: list[int], groups: int) -> np.ndarray:
    """Index of each group's first row, for rows sorted by group (every group non-empty)."""
    starts = np.searchsorted(np.asarray(owners), np.arange(groups))
    return starts.astype(np.int64)


@dataclass(frozen=True)
class FittedVocabulary:
    """What answering needs of the fitted TF-IDF vectorizer: its terms, their IDF and the
    analyzer. Plain data, so loading an index needs NumPy but not scikit-learn."""

    vocabulary_: dict[str, int]
    idf_: np.ndarray
    analyzer: Analyzer


@dataclass
class KnowledgeIndex:
    """Passages, their TF-IDF vectors and the fitted vocabulary."""

    passages: list[Passage]
    vectorizer_: FittedVocabulary
    question_matrix_: Postings
    question_starts_: np.ndarray
    answer_matrix_: Postings
    sentence_matrix_: Postings
    sentence_starts_: np.ndarray
    sentences_: list[str]
    fingerprint: str
    metadata: dict[str, Any] = field(default_factory=dict)
    weights: FieldWeights = field(default_factory=FieldWeights)
    common_terms_: frozenset[str] = frozenset()
    curated_: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    # Learned models fitted beside the TF-IDF index, by name ("matcher", "crisis").
    models_: dict[str, TextClassifier] = field(default_factory=dict)
    # Per sentence row: how closely it says what visitors ask its passage for (0 to 1).
    sentence_priors_: np.ndarray = field(default_factory=lambda: np.zeros(0))
    # The words of the articles and visitor phrasings, to correct typos in messages by.
    speller_: Speller | None = None

    @classmethod
    def build(
        cls,
        passages: list[Passage],
        analyzer: Analyzer,
        fingerprint: str = "",
        metadata: dict[str, Any] | None = None,
        weights: FieldWeights | None = None,
        idf_power: float = 1.5,
        common_words: frozenset[str] = frozenset(),
        related_weight: float = 0.8,
    ) -> KnowledgeIndex:
        """Fit the vectorizer on every passage and vectorize each field."""
        from scipy import sparse
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.preprocessing import normalize

        questions: list[str] = []
        question_owner: list[int] = []
        question_weight: list[float] = []
        sentences: list[str] = []
        sentence_owner: list[int] = []
        for position, passage in enumerate(passages):
            for question in (passage.question, *passage.alternatives, *passage.related):
                questions.append(question)
                question_owner.append(position)
                question_weight.append(related_weight if question in passage.related else 1.0)
            for sentence in split_sentences(passage.answer) or [passage.answer]:
                sentences.append(sentence)
                sentence_owner.append(position)
        answers = [p.answer for p in passages]
        vectorizer = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, norm="l2")
        fitted = vectorizer.fit_transform(answers + questions)
        if idf_power != 1.0:
            # Sharper IDF: words found in most passages ("IOP", "treatment") weigh far less
            # than the distinctive ones a question turns on. Rescaling the columns and
            # renormalising the rows equals transforming again with the new IDF.
            base_idf = vectorizer.idf_
            vectorizer.idf_ = base_idf**idf_power
            fitted = normalize(fitted @ sparse.diags(base_idf ** (idf_power - 1.0)))
        fitted = sparse.csr_matrix(fitted)
        answer_matrix = fitted[: len(answers)]
        question_matrix = sparse.diags(question_weight) @ fitted[len(answers) :]
        return cls(
            passages=list(passages),
            vectorizer_=FittedVocabulary(
                vocabulary_=dict(vectorizer.vocabulary_),
                idf_=np.asarray(vectorizer.idf_, dtype=np.float64),
                analyzer=analyzer,
            ),
            question_matrix_=Postings.from_sparse(question_matrix),
            question_starts_=_group_starts(question_owner, len(passages)),
            answer_matrix_=Postings.from_sparse(answer_matrix),
            sentence_matrix_=Postings.from_sparse(vectorizer.transform(sentences)),
            sentence_starts_=_group_starts(sentence_owner, len(passages)),
            sentences_=sentences,
            fingerprint=fingerprint,
            metadata=dict(metadata or {}),
            weights=weights or FieldWeights(),
            common_terms_=frozenset(t for w in common_words for t in analyzer.terms(w)),
            curated_=np.array([p.is_curated for p in passages], dtype=bool),
        )

    def __getstate__(self) -> dict[str, Any]:
        # Per-process caches (the dense copy) are never saved.
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    @property
    def analyzer(self) -> Analyzer:
        return self.vectorizer_.analyzer

    @property
    def vocabulary_size(self) -> int:
        return len(self.vectorizer_.vocabulary_)

    def is_common(self, term: str) -> bool:
        """Whether an (unknown) term is an everyday word or number rather than a specific term."""
        return term in self.common_terms_ or term.isdigit()

    def idf(self, term: str) -> float:
        """The inverse document frequency of a known term (0 for unknown ones)."""
        column = self.vectorizer_.vocabulary_.get(term)
        return 0.0 if column is None else float(self.vectorizer_.idf_[column])

    def query(self, text: str) -> Query:
        """Analyse a text once: its terms and TF-IDF weights (typos are the `speller_`'s, for
        the reader of a message to correct first)."""
        return self.query_from_terms(self.analyzer(text, max_new_stems=MAX_NEW_STEMS))

    def query_from_terms(self, terms: list[str] | tuple[str, ...]) -> Query:
        """A query from already-analysed terms, weighted as `TfidfVectorizer.transform` does."""
        vocabulary = self.vectorizer_.vocabulary_
        counts: dict[int, int] = {}
        for term in terms:
            column = vocabulary.get(term)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        columns = np.fromiter(counts, dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        values = (1.0 + np.log(tf)) * self.vectorizer_.idf_[columns] if len(tf) else tf
        norm = float(np.sqrt(values @ values)) if len(values) else 0.0
        return Query(tuple(terms), columns, values / norm if norm else values)

    def holds(self, position: int, term: str) -> bool:
        """Whether the answer of the passage at `position` uses an (analysed) term."""
        column = self.vectorizer_.vocabulary_.get(term)
        if column is None:
            return False
        postings = self.answer_matrix_
        rows = postings.indices[postings.indptr[column] : postings.indptr[column + 1]]
        return bool((rows == position).any())

    def match(self, query: Query) -> Match:
        """Similarity of a query to every question, answer and sentence, and passage scores."""
        by_question_row, by_answer, by_sentence_row = self._similarities(query)
        by_question = np.maximum.reduceat(by_question_row, self.question_starts_)
        by_sentence = np.maximum.reduceat(by_sentence_row, self.sentence_starts_)
        w = self.weights
        scores = w.question * by_question + w.answer * by_answer + w.sentence * by_sentence
        curated = self.__dict__.get("_any_curated")
        if curated is None:
            curated = self.__dict__["_any_curated"] = bool(self.curated_.any())
        if curated:
            scores = np.minimum(np.where(self.curated_, scores * w.curated, scores), 1.0)
        return Match(scores=scores, sentence_sims=by_sentence_row)

    def _similarities(self, query: Query) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Cosine with every question, answer and sentence row.

        A small index keeps one dense copy of its three matrices (built on first use, not
        saved), so a query is one matrix-vector product; a large one walks its postings.
        """
        dense: np.ndarray | bool | None = self.__dict__.get("_dense")
        if dense is None:
            matrices = (self.question_matrix_, self.answer_matrix_, self.sentence_matrix_)
            rows = sum(m.shape[0] for m in matrices)
            if rows * self.vocabulary_size <= DENSE_LIMIT:
                dense = np.vstack([m.toarray() for m in matrices])
            else:
                dense = False
            self.__dict__["_dense"] = dense
        if dense is False or dense is None or dense is True:
            return (
                self.question_matrix_.dot_columns(query.columns, query.values),
                self.answer_matrix_.dot_columns(query.columns, query.values),
                self.sentence_matrix_.dot_columns(query.columns, query.values),
            )
        if not len(query.columns):
            sims = np.zeros(len(dense))
        else:
            sims = dense[:, query.columns] @ query.values
        first = self.question_matrix_.shape[0]
        second = first + self.answer_matrix_.shape[0]
        return sims[:first], sims[first:second], sims[second:]

    def rank(self, match: Match, limit: int = 5) -> list[Hit]:
        """The best passages of a match, best first (only those scoring above zero)."""
        scores = match.scores
        limit = min(limit, len(scores))
        if limit <= 0:
            return []
        top = np.argpartition(-scores, limit - 1)[:limit]
        # As Python numbers: sorting and reading a few NumPy scalars costs more than the rest.
        ranked = sorted(
            zip(scores[top].tolist(), top.tolist(), strict=True), key=lambda hit: (-hit[0], hit[1])
        )
        passages = self.passages
        return [
            Hit(passage=passages[i], score=score, position=i) for score, i in ranked if score > 0
        ]

    def search(self, text: str, limit: int = 5) -> list[Hit]:
        """The best passages for a text, best first (only those scoring above zero)."""
        return self.rank(self.match(self.query(text)), limit)

    def _sentence_span(self, position: int) -> tuple[int, int]:
        """The first and one-past-last sentence rows of a passage."""
        start = int(self.sentence_starts_[position])
        stop = (
            int(self.sentence_starts_[position + 1])
            if position + 1 < len(self.sentence_starts_)
            else len(self.sentences_)
        )
        return start, stop

    def passage_sentences(self, position: int) -> list[str]:
        """The sentences of one passage, in text order."""
        start, stop = self._sentence_span(position)
        return list(self.sentences_[start:stop])

    def learn_sentence_priors(self, asked: Mapping[str, Sequence[str]]) -> None:
        """Weigh each sentence by how closely it says what visitors ask its passage for:
        its similarity to all of a passage's phrasings (`asked`, by passage id) read as one
        query, scaled so the passage's closest sentence has 1. A short or indirect message
        ("iop meaning?") singles out no sentence itself; this says which one answers it."""
        priors = np.zeros(len(self.sentences_))
        for position, passage in enumerate(self.passages):
            phrasings = asked.get(passage.id)
            if not phrasings:
                continue
            start, stop = self._sentence_span(position)
            sims = self.match(self.query(" ".join(phrasings))).sentence_sims[start:stop]
            top = float(sims.max()) if len(sims) else 0.0
            if top > 0:
                priors[start:stop] = sims / top
        self.sentence_priors_ = priors

    def sentence_priors(self, position: int) -> np.ndarray:
        """The learned weight of each sentence of one passage (zeros when none was learned)."""
        start, stop = self._sentence_span(position)
        if len(self.sentence_priors_) != len(self.sentences_):
            return np.zeros(stop - start)
        return self.sentence_priors_[start:stop]

    def sentence_scores(self, position: int, match: Match) -> list[tuple[str, float]]:
        """Each sentence of one passage with its similarity to the query, in text order."""
        start, stop = self._sentence_span(position)
        return list(
            zip(self.sentences_[start:stop], match.sentence_sims[start:stop].tolist(), strict=True)
        )

    # -- persistence -----------------------------------------------------------------

    def save(self, path: Path) -> Path:
        """Write the artifact atomically: a temporary file in the same directory, then rename.

        The new file keeps the mode of the one it replaces (else the umask's default), and
        temporary files that an interrupted save left behind are removed. The index object goes
        in as one block of bytes from Python's own pickler: joblib unpickles in pure Python,
        which for the index's tens of thousands of objects is four times slower.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(path)
        payload = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "fingerprint": self.fingerprint,
            "metadata": self.metadata,
            "index": pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL),
        }
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent
        )
        try:
            os.fchmod(fd, file_mode(path))
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
    def load(cls, path: Path) -> KnowledgeIndex:
        """Load an artifact this project built, checking format, version and freshness.

        joblib files can run code when loaded: only load index files you built yourself.
        """
        path = Path(path)
        if not path.exists():
            raise IndexMissingError(f"no index at {path}; {TRAIN_HINT}")
        payload = _unpickled(lambda: joblib.load(path), f"index {path} is unreadable")
        if not isinstance(payload, dict) or payload.get("format") != FORMAT_NAME:
            raise IndexVersionError(f"{path} is not an iop-faq index; {TRAIN_HINT}")
        if payload.get("version") != FORMAT_VERSION:
            raise IndexVersionError(
                f"index {path} has format version {payload.get('version')}, this release reads "
                f"version {FORMAT_VERSION}; {TRAIN_HINT}"
            )
        pickled = payload.get("index", b"")
        index = _unpickled(lambda: pickle.loads(pickled), f"index {path} holds no readable index")
        if not isinstance(index, cls):
            raise IndexCorruptError(f"index {path} holds no index object; {TRAIN_HINT}")
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
