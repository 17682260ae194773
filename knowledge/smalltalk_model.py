"""The learned small-talk layer: which kind of small talk a short message is, if any.

The patterns of `bot/data/smalltalk.toml` come first; this classifier, fitted into the index
as `models_["smalltalk"]`, reads the messages they miss ("makes sense", "nite nite", "that
didn't help at all"). It learns from `knowledge/data/smalltalk.jsonl` (one `{"text", "kind"}`
a line, the kinds named as in `smalltalk.toml`, "none" for messages that are not small talk),
and from the visitors' short questions the matcher learns from, as more of "none".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from knowledge.classifier import FitResult, TextClassifier, fit_text_classifier
from knowledge.data_files import json_lines, reject_unknown
from knowledge.errors import DataFileError
from knowledge.matcher import OUT_OF_SCOPE, TrainingSet, phrasing_key

SMALLTALK_MODEL = "smalltalk"
SMALLTALK_FILE = "smalltalk.jsonl"
NOT_SMALLTALK = "none"
# Visitors' questions of at most this many words, from the matcher's training, are learned as
# "none": the short questions small talk is most easily taken for ("and the cost?").
SHORT_QUESTION_WORDS = 6
REGULARISATION = 3.0


@dataclass(frozen=True)
class SmallTalkFigures:
    """Out-of-fold figures of the small-talk classifier on its examples."""

    examples: int
    accuracy: float  # the right kind (or "none")
    precision: float  # of the messages read as small talk, the share that are
    recall: float  # of the small talk, the share read as small talk (any kind)

    def line(self, probability: float) -> str:
        return (
            f"small talk, cross-validated ({self.examples} examples, read at "
            f"{probability:.2f}): kind right {self.accuracy:.1%}, small talk found "
            f"{self.recall:.1%}, of it right {self.precision:.1%}"
        )


def load_smalltalk_examples(path: Path) -> list[tuple[str, str]]:
    """(text, kind) pairs from a JSON-lines file (missing file: none), naming the line and
    the fix of any malformed entry or of a message given twice with two kinds."""
    if not path.exists():
        return []
    pairs: list[tuple[str, str]] = []
    seen: dict[str, tuple[int, str]] = {}
    for number, row in json_lines(path):
        where = f"{path}:{number}"
        if not isinstance(row, dict):
            raise DataFileError(f'{where}: must be an object {{"text": ..., "kind": ...}}')
        reject_unknown(row, {"text", "kind"}, where)
        text, kind = row.get("text"), row.get("kind")
        if not isinstance(text, str) or not text.strip():
            raise DataFileError(f"{where}: needs a non-empty string `text`")
        if not isinstance(kind, str) or not kind or kind != kind.lower():
            raise DataFileError(
                f"{where}: `kind` must name a kind of smalltalk.toml in lowercase, or "
                f'"{NOT_SMALLTALK}"'
            )
        key = phrasing_key(text)
        earlier = seen.setdefault(key, (number, kind))
        if earlier[1] != kind:
            raise DataFileError(
                f"{where}: the same message as line {earlier[0]} with another kind "
                f"({kind} and {earlier[1]}); keep one"
            )
        if earlier[0] == number:
            pairs.append((text, kind))
    return pairs


def smalltalk_training_set(
    examples: list[tuple[str, str]], questions: TrainingSet
) -> tuple[list[str], list[str]]:
    """The examples, and the short visitor questions of the matcher's training as "none"
    (not those out of scope: "tell me a joke" is asked of the bot)."""
    texts = [text for text, _ in examples]
    labels = [kind for _, kind in examples]
    known = {phrasing_key(text) for text in texts}
    for text, label in zip(questions.texts, questions.labels, strict=True):
        key = phrasing_key(text)
        if label != OUT_OF_SCOPE and len(key.split()) <= SHORT_QUESTION_WORDS and key not in known:
            known.add(key)
            texts.append(text)
            labels.append(NOT_SMALLTALK)
    return texts, labels


def fit_smalltalk_model(texts: list[str], labels: list[str]) -> TextClassifier | None:
    """The classifier of small-talk kinds (None without at least two kinds to tell apart)."""
    if len(set(labels)) < 2 or NOT_SMALLTALK not in labels:
        return None
    return _fit(texts, labels, folds=1).model


def _fit(texts: list[str], labels: list[str], folds: int) -> FitResult:
    """The classifier's one fit: words 1-2 and characters 2-4, at `REGULARISATION`."""
    return fit_text_classifier(
        texts, labels, c=REGULARISATION, folds=folds, word_range=(1, 2), char_range=(2, 4)
    )


def cross_validate_smalltalk(
    texts: list[str], labels: list[str], probability: float, folds: int = 5
) -> SmallTalkFigures:
    """Out-of-fold figures, with a message read as small talk when its best kind is not
    "none" and has at least `probability`, as the bot reads it."""
    fit = _fit(texts, labels, folds)
    classes = fit.model.classes
    proba = fit.oof_proba
    best = proba.argmax(axis=1)
    truth = np.array([classes.index(label) for label in labels])
    none = classes.index(NOT_SMALLTALK)
    read = (best != none) & (proba[np.arange(len(best)), best] >= probability)
    said = truth != none
    predicted = np.where(read, best, none)
    right = predicted == truth
    return SmallTalkFigures(
        examples=len(labels),
        accuracy=float(right.mean()),
        precision=int((read & right).sum()) / max(1, int(read.sum())),
        recall=int((read & said).sum()) / max(1, int(said.sum())),
    )
