"""A calibrated linear text classifier over word and character n-grams.

Fitted with scikit-learn (`fit_text_classifier`), applied with NumPy alone
(`TextClassifier.predict_proba`): the fitted model is plain arrays, so answering a message never
imports scikit-learn. Character n-grams tolerate typos ("lenght", "sewerslide"); word n-grams
carry phrases ("point anymore"). Probabilities are calibrated on out-of-fold scores: Platt
scaling for two classes, a softmax temperature for more.
"""

from __future__ import annotations

import math
import re
import threading
import warnings
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

import numpy as np

_WORD_RE = re.compile(r"\w+", re.UNICODE)
_SPACES_RE = re.compile(r"\s+")
_GRAM_SEPARATOR = "\x1f"  # never inside an n-gram: texts are split on whitespace and \w
# One int object per column number, shared by every loaded vocabulary: a vocabulary of 232,000
# n-grams would otherwise hold 232,000 ints of its own (28 bytes each). Grown under a lock: an
# index may be reloaded in a thread of its own.
_COLUMN_NUMBERS: list[int] = []
_COLUMN_NUMBERS_LOCK = threading.Lock()
_WORD_OR_STOP_RE = re.compile(r"\w+|[.,;!?]", re.UNICODE)
# How many words after a negation ("not", "nunca", "pa") are read as negated, up to a stop.
NEGATION_SCOPE = 3
_STOPS = frozenset(".,;!?")
NEGATED = "\u00ac"  # marks a negated word's feature ("¬kill"); never inside a word


def word_grams(
    text: str, low: int, high: int, negations: frozenset[str] = frozenset()
) -> list[str]:
    """Word n-grams of a lowercased text, `low` to `high` words long; with `negations` (words
    that negate what follows), single words are also given marked, as "¬word", for the
    `NEGATION_SCOPE` words after a negation, so "not going to kill myself" and "going to kill
    myself" differ by features of their own."""
    lowered = text.lower()
    if not (negations and low == 1):
        return _plain_grams(_WORD_RE.findall(lowered), low, high)
    tokens = _WORD_OR_STOP_RE.findall(lowered)  # one pass gives the words and the stops
    words = [token for token in tokens if token not in _STOPS]
    return _plain_grams(words, low, high) + _marked(tokens, negations)


def _marked(tokens: list[str], negations: frozenset[str]) -> list[str]:
    """The marked words in the scope of a negation, from a text's words and punctuation
    marks: up to `NEGATION_SCOPE` words after one, ending early at a punctuation mark (a later
    negation starts a scope of its own)."""
    marked: list[str] = []
    left = 0
    for token in tokens:
        if token in negations:
            left = NEGATION_SCOPE
        elif token in _STOPS:
            left = 0
        elif left:
            marked.append(NEGATED + token)
            left -= 1
    return marked


def _plain_grams(words: list[str], low: int, high: int) -> list[str]:
    """The n-grams of a list of words."""
    grams: list[str] = []
    for n in range(low, high + 1):
        if n == 1:
            grams += words
        elif n == 2:
            grams += [
                f"{first} {second}" for first, second in zip(words[:-1], words[1:], strict=True)
            ]
        else:
            grams.extend(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
    return grams


def char_grams(text: str, low: int, high: int) -> list[str]:
    """Character n-grams inside word boundaries (each word padded with a space), as
    scikit-learn's `char_wb` analyzer makes them."""
    grams: list[str] = []
    for word in _SPACES_RE.sub(" ", text.lower()).split():
        grams += word_char_grams(word, low, high)
    return grams


def spanning_char_grams(text: str, low: int, high: int) -> list[str]:
    """Character n-grams of a whole lowercased text (single spaces, padded with one) that span a
    space between two words ("l my", "ll mys" in "kill myself"): the words' order and
    neighbours, which `char_grams` never sees. None of them is a `char_grams` n-gram."""
    padded = f" {' '.join(text.lower().split())} "
    return [
        padded[i : i + n]
        for n in range(low, high + 1)
        for i in range(len(padded) - n + 1)
        if " " in padded[i + 1 : i + n - 1]
    ]


def word_char_grams(word: str, low: int, high: int) -> list[str]:
    """`char_grams` of one lowercase word without whitespace."""
    padded = f" {word} "
    size = len(padded)
    return [padded[i : i + n] for n in range(low, min(high, size) + 1) for i in range(size - n + 1)]


def _column_numbers(count: int) -> list[int]:
    """The shared int objects 0, 1, ... of at least `count` columns."""
    with _COLUMN_NUMBERS_LOCK:
        if len(_COLUMN_NUMBERS) < count:
            _COLUMN_NUMBERS.extend(range(len(_COLUMN_NUMBERS), count))
    return _COLUMN_NUMBERS


@dataclass(frozen=True)
class FeatureBlock:
    """One block of features: which n-grams, their vocabulary and IDF weights."""

    kind: str  # "word" or "char"
    low: int
    high: int
    vocabulary: dict[str, int]
    idf: np.ndarray
    negations: frozenset[str] = frozenset()  # word blocks: words whose scope is marked
    # Character blocks: also the n-grams of these lengths that span a space between two words.
    spans: tuple[int, int] | None = None
    # Character blocks: every in-word n-gram's shorter in-word n-grams (down to `low`) are in
    # the vocabulary too, as in a fitted one, which drops no n-gram. A word's lookup then stops
    # lengthening an n-gram once a shorter one inside it is missing.
    substring_closed: bool = False

    def __getstate__(self) -> dict[str, object]:
        """What is saved: not the per-process cache of word features, and the vocabulary as
        one string of n-grams in column order. Joblib unpickles in pure Python, where a
        hundred thousand separate strings take half a second and one string takes nothing."""
        state = {k: v for k, v in self.__dict__.items() if not k.startswith("_")}
        vocabulary: dict[str, int] = state["vocabulary"]
        ordered = sorted(vocabulary, key=vocabulary.__getitem__)
        in_order = all(vocabulary[g] == i for i, g in enumerate(ordered))
        if in_order and not any(_GRAM_SEPARATOR in g for g in ordered):
            del state["vocabulary"]
            state["vocabulary_grams"] = _GRAM_SEPARATOR.join(ordered)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        grams = state.pop("vocabulary_grams", None)
        if isinstance(grams, str):
            ordered = grams.split(_GRAM_SEPARATOR) if grams else []
            numbers = _column_numbers(len(ordered))  # may run longer: zip stops at the grams
            state["vocabulary"] = dict(zip(ordered, numbers, strict=False))
        self.__dict__.update(state)

    def gram_at(self, column: int) -> str:
        """The n-gram of one column (the inverse vocabulary is built on first use: for
        explanations, never on a reply's path)."""
        grams: list[str] | None = self.__dict__.get("_grams")
        if grams is None:
            grams = [""] * len(self.vocabulary)
            for gram, number in self.vocabulary.items():
                grams[number] = gram
            object.__setattr__(self, "_grams", grams)
        return grams[column]

    def _columns(self, text: str, offset: int = 0) -> list[int]:
        """Vocabulary columns (plus `offset`) of a text's n-grams, with repeats. Character
        n-grams stay inside words, so each word's columns are worked out once per process."""
        vocabulary = self.vocabulary
        if self.kind == "word":
            column = vocabulary.get
            grams = word_grams(text, self.low, self.high, self.negations)
            if not offset:
                return [c for g in grams if (c := column(g)) is not None]
            return [c + offset for g in grams if (c := column(g)) is not None]
        caches: dict[int, dict[str, list[int]]] = self.__dict__.setdefault("_word_columns", {})
        cache = caches.get(offset)
        if cache is None or len(cache) > 50_000:
            cache = caches[offset] = {}
        column, low, high = vocabulary.get, self.low, self.high
        columns: list[int] = []
        for word in text.lower().split():
            found = cache.get(word)
            if found is None:
                # `word_char_grams`, looked up as they are cut: words never met before (each
                # new to the cache) are the costliest messages' whole cost.
                padded = f" {word} "
                if self.substring_closed:
                    found = cache[word] = self._closed_word_columns(padded, offset)
                else:
                    size = len(padded)
                    found = cache[word] = [
                        c + offset
                        for n in range(low, min(high, size) + 1)
                        for i in range(size - n + 1)
                        if (c := column(padded[i : i + n])) is not None
                    ]
            columns.extend(found)
        if self.spans is not None:
            columns += self._spanning_columns(text, offset)
        return columns

    def _closed_word_columns(self, padded: str, offset: int) -> list[int]:
        """The columns of a padded word's n-grams, in `word_char_grams` order (by length, then
        position), looking up only n-grams whose two shorter n-grams inside them (without the
        last letter, without the first) are known: in a `substring_closed` vocabulary the
        others are missing. A word never met before has few long n-grams to find."""
        column, low = self.vocabulary.get, self.low
        size = len(padded)
        known = [True] * size  # at each position: whether the last length's n-gram is known
        columns: list[int] = []
        for n in range(low, min(self.high, size) + 1):
            alive = False
            for i in range(size - n + 1):
                if n > low and not (known[i] and known[i + 1]):
                    known[i] = False
                    continue
                c = column(padded[i : i + n])
                known[i] = c is not None
                if c is not None:
                    columns.append(c + offset)
                    alive = True
            if not alive:
                break
        return columns

    def _spanning_columns(self, text: str, offset: int) -> list[int]:
        """The columns of `spanning_char_grams`, worked out once per process for each space
        and the few letters around it: an n-gram is counted at the first space inside it, and
        all it can hold lies within `high - 2` letters of that space."""
        assert self.spans is not None
        low, high = self.spans
        reach = max(high - 2, 0)
        caches: dict[int, dict[tuple[str, int], list[int]]] = self.__dict__.setdefault(
            "_span_columns", {}
        )
        cache = caches.get(offset)
        if cache is None or len(cache) > 50_000:
            cache = caches[offset] = {}
        padded = f" {' '.join(text.split())} "
        columns: list[int] = []
        space = padded.find(" ", 1)
        while 0 < space < len(padded) - 1:
            start = max(0, space - reach)
            key = (padded[start : space + reach + 1], space - start)
            found = cache.get(key)
            if found is None:
                window, at = key
                vocabulary = self.vocabulary
                grams = [
                    window[i : i + n]
                    for n in range(low, high + 1)
                    for i in range(max(0, at - n + 2), at)
                    if i + n <= len(window) and " " not in window[i + 1 : at]
                ]
                found = cache[key] = [
                    c + offset for g in grams if (c := vocabulary.get(g)) is not None
                ]
            columns.extend(found)
            space = padded.find(" ", space + 1)
        return columns


@dataclass(frozen=True)
class TextClassifier:
    """A fitted classifier: feature blocks, linear weights and calibration."""

    classes: tuple[str, ...]
    blocks: tuple[FeatureBlock, ...]
    weights: np.ndarray  # (features, 1 or classes), float32
    intercept: np.ndarray  # (1 or classes,)
    calibration: tuple[float, float]  # Platt (a, b) for two classes; (temperature, 0) for more
    metadata: dict[str, object] = field(default_factory=dict)

    def __getstate__(self) -> dict[str, object]:
        # Arrays derived for speed are rebuilt in each process, never saved.
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    def __setstate__(self, state: dict[str, object]) -> None:
        # Joined at load, so a server does it once, before it forks its workers.
        self.__dict__.update(state)
        self._idf()

    def decision(self, text: str) -> np.ndarray:
        """Raw linear scores (one for two classes, one per class otherwise): the text's
        features (`features`) times the weights of their columns, plus the intercept."""
        found = self.features(text)
        if found is None:
            return self.intercept.astype(np.float64)
        columns, values = found
        return self.intercept + values @ self.weights[columns]

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray] | None:
        """The columns of the n-grams the model knows in `text`, and their values: each
        block's L2-normalised sublinear TF-IDF vector, as scikit-learn's `TfidfVectorizer`
        makes it. The blocks are counted into one joined feature space, so a reply makes a
        dozen NumPy calls. None when the model knows none of them."""
        lowered = text.lower()
        counts: Counter[int] = Counter()
        ends = []
        for block, offset in zip(self.blocks, self._offsets(), strict=True):
            counts.update(block._columns(lowered, offset))
            ends.append(len(counts))
        if not counts:
            return None
        size = len(counts)
        columns = np.fromiter(counts, np.int64, size)
        values = np.fromiter(counts.values(), np.float64, size)
        values = (1.0 + np.log(values)) * self._idf()[columns]
        start = 0
        for end in ends:  # each block is normalised on its own
            if end > start:
                part = values[start:end]
                part /= math.sqrt(float(part @ part))
            start = end
        return columns, values

    def contributions(self, text: str, label: str) -> list[tuple[str, float]]:
        """What each known n-gram of `text` adds to `label`'s raw score (its value times its
        weight), largest first, named as `feature_name` names it: why the model reads a
        message as it does. With two classes the one score is the second class's."""
        found = self.features(text)
        if found is None:
            return []
        columns, values = found
        if len(self.classes) == 2:
            sign = 1.0 if label == self.classes[1] else -1.0
            weights = sign * self.weights[columns, 0]
        else:
            weights = self.weights[columns, self.classes.index(label)]
        added = values * weights
        order = np.argsort(-added, kind="stable")
        return [(self.feature_name(int(columns[i])), float(added[i])) for i in order]

    def feature_name(self, column: int) -> str:
        """A joined column's n-gram, e.g. `word "i already"` or `char " i a"`."""
        for block, offset in zip(self.blocks, self._offsets(), strict=True):
            if column < offset + len(block.vocabulary):
                gram = block.gram_at(column - offset)
                return f'{block.kind} "{gram}"'
        raise IndexError(f"no column {column} in this model")

    def _offsets(self) -> list[int]:
        """Where each block's columns start in the joined feature space."""
        found: list[int] | None = self.__dict__.get("_block_offsets")
        if found is None:
            found = [0]
            for block in self.blocks[:-1]:
                found.append(found[-1] + len(block.vocabulary))
            object.__setattr__(self, "_block_offsets", found)
        return found

    def _idf(self) -> np.ndarray:
        """The blocks' IDF weights, joined."""
        found: np.ndarray | None = self.__dict__.get("_joined_idf")
        if found is None:
            found = np.concatenate([block.idf for block in self.blocks])
            start = 0
            for block in self.blocks:  # each block reads its part: one copy of the weights
                end = start + len(block.idf)
                object.__setattr__(block, "idf", found[start:end])
                start = end
            object.__setattr__(self, "_joined_idf", found)
        return found

    def predict_proba(self, text: str) -> np.ndarray:
        """Calibrated probability of each class, in the order of `classes`."""
        scores = self.decision(text)
        if len(self.classes) == 2:  # Platt scaling of the one score, without array calls
            first, second = self.calibration
            positive = 1.0 / (1.0 + math.exp(-(first * float(scores[0]) + second)))
            return np.array([1.0 - positive, positive])
        # The softmax of `_calibrate`, on the one row.
        z = scores / self.calibration[0]
        z -= z.max()
        e = np.exp(z)
        return e / e.sum()

    def predict(self, text: str) -> tuple[str, float]:
        """The most probable class and its probability."""
        proba = self.predict_proba(text)
        best = int(proba.argmax())
        return self.classes[best], float(proba[best])

    def probability(self, text: str, label: str) -> float:
        """The calibrated probability of one class."""
        return float(self.predict_proba(text)[self.classes.index(label)])


def _calibrate(scores: np.ndarray, calibration: tuple[float, float], classes: int) -> np.ndarray:
    """Turn (samples, k) raw scores into (samples, classes) probabilities."""
    first, second = calibration
    if classes == 2:
        positive = 1.0 / (1.0 + np.exp(-(first * scores[:, 0] + second)))
        return np.column_stack([1.0 - positive, positive])
    z = scores / first
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class FitResult:
    """A fitted classifier and its out-of-fold (cross-validated) probabilities."""

    model: TextClassifier
    oof_proba: np.ndarray  # (samples, classes), each row predicted by a model not trained on it
    labels: np.ndarray  # class index of each sample
    # Rows that have out-of-fold probabilities: all of them after cross-validation, only the
    # calibration split after a quick fit (`folds=1`); the other rows of `oof_proba` are NaN.
    scored: np.ndarray | None = None

    @property
    def cv_accuracy(self) -> float:
        rows = self.scored if self.scored is not None else slice(None)
        return float((self.oof_proba[rows].argmax(axis=1) == self.labels[rows]).mean())


def fit_text_classifier(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    word_range: tuple[int, int] = (1, 2),
    char_range: tuple[int, int] = (2, 5),
    c: float = 10.0,
    folds: int = 5,
    class_weight: str | None = "balanced",
    seed: int = 0,
    groups: Sequence[int] | None = None,
    holdout: float = 0.2,
    calibration: tuple[float, float] | None = None,
    linear_model: str = "logistic",
    augment: Callable[[list[str], np.ndarray], tuple[list[str], np.ndarray]] | None = None,
    sample_weight: Sequence[float] | None = None,
    negations: Collection[str] = (),
    train_only: Sequence[tuple[str, str]] = (),
    char_spans: tuple[int, int] | None = None,
) -> FitResult:
    """Fit a classifier, calibrate it on `folds`-fold out-of-fold scores, and return both.

    `groups` keeps related texts (variants of one example) in the same fold, so the scores are
    not flattered by near-duplicates. `folds=1` is a quick fit for builds: calibration comes from
    one held-out split (`holdout` of the texts) instead of full cross-validation. With a
    `calibration` given (a softmax temperature from an earlier cross-validated fit) there is no
    split at all: the model is fitted once and `oof_proba` is empty. `linear_model` is
    "logistic" or "svm" (a linear support vector machine, much faster with many classes).
    `augment` adds examples (say, misspelt copies) to each training fold and to the final fit,
    never to a held-out fold, so cross-validated figures stay honest. `sample_weight` gives each
    text's weight in the fit (1 for all when not given; "balanced" class weights count it).
    `negations` are words whose scope the word features mark (`word_grams`).
    `train_only` are (text, label) pairs, each weighing 1, added to every training fold and to
    the final fit but never scored: candidate examples whose worth the out-of-fold figures of
    the others show. `char_spans` adds to the character features the n-grams of those lengths
    that span a space between two words (`spanning_char_grams`).
    """
    from scipy import sparse
    from scipy.optimize import minimize_scalar
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
    from sklearn.svm import LinearSVC

    if linear_model not in ("logistic", "svm"):
        raise ValueError(f"linear_model must be 'logistic' or 'svm', not {linear_model!r}")

    if len(texts) != len(labels) or not texts:
        raise ValueError("texts and labels must be non-empty and of the same length")
    classes = tuple(sorted(set(labels)))
    if len(classes) < 2:
        raise ValueError("a classifier needs at least two classes")
    y = np.array([classes.index(label) for label in labels])
    unknown = sorted({label for _, label in train_only} - set(classes))
    if unknown:
        raise ValueError(f"train_only labels {unknown} are none of the classes {list(classes)}")
    extra_texts = [text for text, _ in train_only]
    extra_y = np.array([classes.index(label) for _, label in train_only], dtype=y.dtype)
    weights = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    if weights is not None and (weights.shape != (len(texts),) or augment is not None):
        raise ValueError("sample_weight needs one weight per text, and no `augment`")
    specs = [("word", *word_range), ("char", *char_range)]
    negating = frozenset(negations)

    def vectorizers() -> list[TfidfVectorizer]:
        return [
            TfidfVectorizer(
                analyzer=(
                    (lambda t, lo=lo, hi=hi: word_grams(t, lo, hi, negating))
                    if kind == "word"
                    else (lambda t, lo=lo, hi=hi: _char_features(t, lo, hi, char_spans))
                ),
                sublinear_tf=True,
                norm="l2",
                dtype=np.float64,
            )
            for kind, lo, hi in specs
        ]

    def fit(train_texts: list[str], train_y: np.ndarray, rows: np.ndarray | None = None):
        if augment is not None:
            train_texts, train_y = augment(train_texts, train_y)
        fold_weights = weights if weights is None or rows is None else weights[rows]
        if extra_texts:
            train_texts, train_y = train_texts + extra_texts, np.concatenate([train_y, extra_y])
            if fold_weights is not None:
                fold_weights = np.concatenate([fold_weights, np.ones(len(extra_texts))])
        fitted = vectorizers()
        matrix = sparse.hstack([v.fit_transform(train_texts) for v in fitted]).tocsr()
        model = (
            LogisticRegression(C=c, max_iter=3000, class_weight=class_weight)
            if linear_model == "logistic"
            # liblinear visits the samples in a random order: a fixed seed, repeatable builds.
            else LinearSVC(C=c, class_weight=class_weight, random_state=0)
        )
        model.fit(matrix, train_y, sample_weight=fold_weights)
        return fitted, model

    def scores(fitted, model, some_texts: list[str]) -> np.ndarray:
        matrix = sparse.hstack([v.transform(some_texts) for v in fitted]).tocsr()
        raw = model.decision_function(matrix)
        raw = raw[:, None] if raw.ndim == 1 else raw
        if len(classes) == 2 or len(model.classes_) == len(classes):
            return raw
        # A class with too few examples can be missing from a training fold (a new passage
        # with one phrasing): its column scores below every class the fold did learn.
        full = np.full((raw.shape[0], len(classes)), raw.min() - 1.0)
        full[:, model.classes_] = raw
        return full

    texts = list(texts)
    if calibration is not None:
        fitted, model = fit(texts, y)
        return FitResult(
            _classifier(
                classes, specs, fitted, model, calibration, len(texts), c, 0, negating, char_spans
            ),
            np.zeros((0, len(classes))),
            y,
        )
    if groups is not None and len(groups) != len(texts):
        raise ValueError("groups must give one group per text")
    quick = folds < 2
    # A class with fewer examples than folds is missing from some training folds; `scores`
    # gives it the lowest score there rather than the whole run fewer folds.
    k = max(2, round(1 / holdout) if quick else folds)
    splitter = (
        StratifiedGroupKFold(k, shuffle=True, random_state=seed)
        if groups is not None
        else StratifiedKFold(k, shuffle=True, random_state=seed)
    )
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The least populated class", category=UserWarning)
        splits = list(splitter.split(texts, y, groups))
    if quick:
        splits = splits[:1]
    oof = np.full((len(texts), 1 if len(classes) == 2 else len(classes)), np.nan)
    for train_rows, test_rows in splits:
        fitted, model = fit([texts[i] for i in train_rows], y[train_rows], train_rows)
        oof[test_rows] = scores(fitted, model, [texts[i] for i in test_rows])
    scored = np.concatenate([test_rows for _, test_rows in splits])

    if len(classes) == 2:
        platt = LogisticRegression(C=1e6, max_iter=1000).fit(oof[scored], y[scored])
        calibration = (float(platt.coef_[0, 0]), float(platt.intercept_[0]))
    else:

        def loss(temperature: float) -> float:
            proba = _calibrate(oof[scored], (temperature, 0.0), len(classes))
            return -float(np.log(proba[np.arange(len(scored)), y[scored]] + 1e-12).mean())

        best = minimize_scalar(loss, bounds=(0.05, 20.0), method="bounded")
        calibration = (float(best.x), 0.0)

    fitted, model = fit(texts, y)
    classifier = _classifier(
        classes,
        specs,
        fitted,
        model,
        calibration,
        len(texts),
        c,
        1 if quick else k,
        negating,
        char_spans,
    )
    oof_proba = np.full((len(texts), len(classes)), np.nan)
    oof_proba[scored] = _calibrate(oof[scored], calibration, len(classes))
    return FitResult(
        model=classifier, oof_proba=oof_proba, labels=y, scored=None if not quick else scored
    )


def _char_features(text: str, low: int, high: int, spans: tuple[int, int] | None) -> list[str]:
    """A character block's n-grams: inside words, and those spanning words when asked."""
    grams = char_grams(text, low, high)
    return grams + spanning_char_grams(text, *spans) if spans is not None else grams


def _classifier(
    classes, specs, fitted, model, calibration, samples, c, folds, negations=frozenset(), spans=None
) -> TextClassifier:
    """The NumPy-only model from fitted scikit-learn vectorizers and a linear model."""
    blocks = tuple(
        FeatureBlock(
            kind=kind,
            low=lo,
            high=hi,
            vocabulary={g: int(i) for g, i in v.vocabulary_.items()},
            idf=v.idf_.astype(np.float64),
            negations=negations if kind == "word" else frozenset(),
            spans=spans if kind == "char" else None,
            substring_closed=kind == "char",  # the vectorizers drop no n-gram
        )
        for (kind, lo, hi), v in zip(specs, fitted, strict=True)
    )
    return TextClassifier(
        classes=classes,
        blocks=blocks,
        # Single precision: half the memory and load time of the largest arrays; a score
        # moves by about 1e-7, far below any threshold's resolution.
        weights=np.ascontiguousarray(model.coef_.T, dtype=np.float32),
        intercept=model.intercept_.astype(np.float64),
        calibration=calibration,
        metadata={"samples": samples, "c": c, "folds": folds, "model": type(model).__name__},
    )
