"""The learned matcher: a classifier from visitor phrasings to the passage that answers them.

Trained on each passage's question, its curated alternatives (`curated.toml`) and the visitor
phrasings of `phrasings.toml`, over word and character n-grams (`knowledge.classifier`), so it
recognises wordings and typos the TF-IDF index cannot. Fitted into the index artifact as
`models_["matcher"]`; its cross-validated accuracy is measured only when asked
(`cross_validate`, printed by `train.py`), never on every build.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from knowledge.classifier import FitResult, TextClassifier, fit_text_classifier, word_grams
from knowledge.data_files import reject_unknown, shown
from knowledge.errors import SourceUnreadableError
from knowledge.passages import Passage

PHRASINGS_FILE = "phrasings.toml"
OUT_OF_SCOPE_FILE = "out_of_scope.txt"
MATCHER = "matcher"
# The matcher's class for questions the articles do not answer (no passage has this id).
OUT_OF_SCOPE = "(out of scope)"
# Softmax temperature of the matcher's probabilities. Cross-validation on the shipped phrasings
# finds about this value (`train.py` prints the current one); a fixed value keeps builds fast.
DEFAULT_TEMPERATURE = 0.21
REGULARISATION = 1.0
LINEAR_MODEL = (
    "svm"  # a linear SVM fits 58 classes in seconds; logistic regression takes far longer
)


@dataclass(frozen=True)
class TrainingSet:
    """Labelled examples: texts and the id of the passage each one asks for."""

    texts: tuple[str, ...]
    labels: tuple[str, ...]

    def by_label(self) -> dict[str, list[str]]:
        """The texts of each passage id, in order."""
        grouped: dict[str, list[str]] = {}
        for text, label in zip(self.texts, self.labels, strict=True):
            grouped.setdefault(label, []).append(text)
        return grouped

    def counts(self) -> dict[str, int]:
        """Examples per passage id."""
        return {label: len(texts) for label, texts in self.by_label().items()}


def load_phrasings(path: Path) -> dict[str, tuple[str, ...]]:
    """Visitor phrasings by passage id from `phrasings.toml` (missing file: none)."""
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SourceUnreadableError(f"{path} is not valid TOML: {exc}") from exc
    phrasings: dict[str, tuple[str, ...]] = {}
    # A misspelt key would drop the phrasings it holds without a word.
    reject_unknown(data, {"passage"}, shown(path))
    for number, entry in enumerate(data.get("passage", []), 1):
        reject_unknown(entry, {"id", "phrasings"}, f"{shown(path)}: [[passage]] {number}")
        if not isinstance(entry.get("id"), str) or not isinstance(entry.get("phrasings"), list):
            raise SourceUnreadableError(
                f"{path}: [[passage]] number {number} needs an `id` and a list of `phrasings`"
            )
        phrasings[entry["id"]] = phrasings.get(entry["id"], ()) + tuple(
            str(p) for p in entry["phrasings"]
        )
    return phrasings


def load_out_of_scope(path: Path) -> tuple[str, ...]:
    """Questions the articles do not answer, one a line (missing file: none); blank lines and
    `#` comments are skipped."""
    if not path.exists():
        return ()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceUnreadableError(f"{path} is unreadable: {exc}") from exc
    return tuple(s for line in lines if (s := line.strip()) and not s.startswith("#"))


def phrasing_key(text: str) -> str:
    """A text as two phrasings compare equal: lowercased, single spaces."""
    return " ".join(text.lower().split())


def training_set(
    passages: list[Passage],
    phrasings: dict[str, tuple[str, ...]],
    out_of_scope: tuple[str, ...] = (),
) -> TrainingSet:
    """Each passage's question, curated alternatives and phrasings, labelled with its id, then
    the `out_of_scope` questions labelled `OUT_OF_SCOPE`.

    A text listed twice is kept for the first only, so the labels never contradict.
    """
    texts: list[str] = []
    labels: list[str] = []
    seen: set[str] = set()
    outside = [(OUT_OF_SCOPE, text) for text in out_of_scope]
    for label, text in [*_passage_texts(passages, phrasings), *outside]:
        key = phrasing_key(text)
        if key and key not in seen:
            seen.add(key)
            texts.append(text)
            labels.append(label)
    return TrainingSet(tuple(texts), tuple(labels))


def out_of_scope_conflicts(
    passages: list[Passage],
    phrasings: dict[str, tuple[str, ...]],
    out_of_scope: tuple[str, ...],
) -> list[str]:
    """One line per out-of-scope question that is also a passage's question or phrasing (the
    passage keeps it; the line says which to remove)."""
    asked = {phrasing_key(text): label for label, text in _passage_texts(passages, phrasings)}
    return [
        f"{OUT_OF_SCOPE_FILE}: {text!r} is also asked of passage {asked[phrasing_key(text)]}; "
        "remove it from one of the two files"
        for text in out_of_scope
        if phrasing_key(text) in asked
    ]


def _passage_texts(
    passages: list[Passage], phrasings: dict[str, tuple[str, ...]]
) -> list[tuple[str, str]]:
    """(passage id, text) for each passage's question, curated alternatives and phrasings."""
    return [
        (passage.id, text)
        for passage in passages
        for text in (passage.question, *passage.alternatives, *phrasings.get(passage.id, ()))
    ]


def with_typos(
    texts: list[str], labels: np.ndarray, copies: int = 2, seed: int = 0
) -> tuple[list[str], np.ndarray]:
    """The examples plus `copies` misspelt copies of each: in every word of four letters or
    more, at random, a letter dropped, doubled, swapped with the next or replaced by a
    keyboard neighbour ("lenght", "progam", "teenegers"), as visitors type."""
    rng = random.Random(seed)
    out_texts = list(texts)
    out_labels = list(labels)
    for text, label in zip(texts, labels, strict=True):
        for _ in range(copies):
            noisy = " ".join(_misspell(word, rng) for word in text.split())
            if noisy != text:
                out_texts.append(noisy)
                out_labels.append(label)
    return out_texts, np.array(out_labels)


_NEIGHBOURS = {
    "a": "sq",
    "e": "wr",
    "i": "uo",
    "o": "ip",
    "u": "yi",
    "s": "ad",
    "t": "ry",
    "n": "bm",
    "r": "et",
    "l": "k",
    "h": "gj",
    "g": "fh",
    "m": "n",
    "c": "xv",
    "p": "o",
    "d": "sf",
}


def _misspell(word: str, rng: random.Random) -> str:
    if len(word) < 4 or not word.isalpha() or rng.random() < 0.5:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    if kind == 2:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    swaps = _NEIGHBOURS.get(word[i], "")
    return word[:i] + rng.choice(swaps) + word[i + 1 :] if swaps else word


def fit_matcher(examples: TrainingSet, temperature: float = DEFAULT_TEMPERATURE) -> TextClassifier:
    """Fit the matcher once, without cross-validation (the build's path). Its metadata lists
    the `out_of_scope_words`: words it saw only in questions out of scope, which tell it a
    question is out of scope but are not words the articles' passages are asked in."""
    fit = fit_text_classifier(
        examples.texts,
        examples.labels,
        c=REGULARISATION,
        calibration=(temperature, 0.0),
        linear_model=LINEAR_MODEL,
        augment=with_typos,
    )
    words: dict[bool, set[str]] = {True: set(), False: set()}
    # The texts as the fit saw them, misspelt copies included (the same seed, the same copies).
    texts, labels = with_typos(list(examples.texts), np.array(examples.labels))
    for text, label in zip(texts, labels, strict=True):
        words[label == OUT_OF_SCOPE].update(word_grams(text, 1, 1))
    fit.model.metadata["out_of_scope_words"] = sorted(words[True] - words[False])
    return fit.model


def passage_words(matcher: TextClassifier) -> list[str]:
    """The single words the matcher learned from the passages' phrasings (and their misspelt
    copies): its word vocabulary without the words of questions out of scope alone."""
    listed = matcher.metadata.get("out_of_scope_words")
    outside = set(listed) if isinstance(listed, list) else set()
    return [g for g in matcher.blocks[0].vocabulary if " " not in g and g not in outside]


@dataclass(frozen=True)
class CrossValidation:
    """Out-of-fold figures of the matcher on its own training phrasings."""

    accuracy: float  # on the passages' phrasings
    top3: float
    temperature: float
    samples: int  # the passages' phrasings
    passages: int
    out_of_scope: int = 0  # questions out of scope among the examples
    out_of_scope_recognised: float = 0.0  # share of them whose most likely class is theirs


def cross_validate(examples: TrainingSet, folds: int = 5) -> CrossValidation:
    """Cross-validated accuracy (top-1 and top-3) and the calibrated softmax temperature."""
    fit: FitResult = fit_text_classifier(
        examples.texts,
        examples.labels,
        c=REGULARISATION,
        folds=folds,
        linear_model=LINEAR_MODEL,
        augment=with_typos,
    )
    ranked = np.argsort(-fit.oof_proba, axis=1)[:, :3]
    hits = ranked[:, 0] == fit.labels
    in_top3 = np.array([label in row for label, row in zip(fit.labels, ranked, strict=True)])
    classes = fit.model.classes
    outside = fit.labels == (classes.index(OUT_OF_SCOPE) if OUT_OF_SCOPE in classes else -1)
    inside = ~outside
    return CrossValidation(
        accuracy=float(hits[inside].mean()),
        top3=float(in_top3[inside].mean()),
        temperature=fit.model.calibration[0],
        samples=int(inside.sum()),
        passages=len(set(examples.labels) - {OUT_OF_SCOPE}),
        out_of_scope=int(outside.sum()),
        out_of_scope_recognised=float(hits[outside].mean()) if outside.any() else 0.0,
    )
