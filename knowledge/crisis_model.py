"""The learned layer of crisis detection: labelled messages in, a calibrated classifier out.

The examples live in `knowledge/data/crisis/*.jsonl`, one file per category, one JSON object a
line: `text`, `label` (`crisis`, `distress` or `none`), `category`, and optionally `group` (the
variants of one example share a group, so cross-validation keeps them in one fold). The model
gives each message a probability of the three labels: `crisis` raises the alarm, and `crisis`
plus `distress` is its support for a caring check-in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from knowledge.classifier import FitResult, fit_text_classifier
from knowledge.data_files import json_lines, read_lines, reject_unknown, shown
from knowledge.errors import DataFileError
from knowledge.text import matching_form

CRISIS_DIR = "crisis"
# Beside the examples: the words whose scope the classifier's word features mark as negated.
NEGATIONS_FILE = "negation_words.txt"
MODEL_NAME = "crisis"
LABELS = ("crisis", "distress", "none")
# The fields of an example line: `group` and `category` are optional.
EXAMPLE_FIELDS = {"text", "label", "category", "group"}
POSITIVE = "crisis"
DISTRESS = "distress"
NEGATIVE = "none"
# Softmax temperature of the classifier's probabilities, as cross-validation on the shipped
# examples finds it (`train.py` prints the current value beside this one). The thresholds in
# `crisis.toml` are chosen on cross-validated probabilities, so the shipped model must be
# calibrated the same way; a fixed value also keeps builds fast and repeatable.
TEMPERATURE = 0.36
# Weight in the fit of each `ordinary` message (the index's questions and the matcher's
# phrasings) against 1 for a labelled example. Lighter weights trade rather than gain: with the
# earlier logistic regression, cross-validated at the shipped thresholds, 0.2 gave 0.5 to 0.7
# points fewer false alarms on the examples for 0.6 to 0.7 points fewer emergencies caught, and
# twice the alarms on the visitors' own phrasings. With the SVM, out of fold on two shuffles,
# 0.2 catches at most 0.4 point more emergencies at 3 and 4 % false alarms on the examples,
# before counting any alarm on the visitors' phrasings.
ORDINARY_WEIGHT = 1.0
# Character n-grams of one to five letters: single characters carry meaning in Chinese ("死",
# "药"). Out of fold with the SVM, on two shuffles, at every false-alarm rate from 3 to 8 %, 1 to
# 5 catches 0.4 to 1.4 points more emergencies than 2 to 5.
CHAR_RANGE = (1, 5)
# Beside them, the character n-grams of three to five letters that span a space between two
# words ("l my", "ll mys"): word order and neighbours that neither the words nor the within-word
# n-grams carry. Out of fold with the SVM, on two shuffles, they catch 0.8 to 1.5 points more
# emergencies at 3 % false alarms and 0.7 to 0.8 more at 4 %.
CHAR_SPANS = (3, 5)
# A linear support vector machine, not logistic regression: out of fold, on two shuffles of the
# folds, it catches 2.5 points more emergencies at 3 % false alarms, 2 to 3 points more at 4 %,
# and 1.3 to 2 points more at 6 to 8 %. C 0.3 does no better than logistic regression.
LINEAR_MODEL = "svm"
REGULARISATION = 1.0


@dataclass(frozen=True)
class CrisisExample:
    """One labelled message."""

    text: str
    label: str
    category: str
    group: int


def prepare(text: str) -> str:
    """A message as the bot matches it (`knowledge.text.matching_form`, as
    `bot.data_files.normalize_message` makes it)."""
    return matching_form(text)


def example_files(directory: Path) -> list[Path]:
    """The example files, in a stable order."""
    return sorted(Path(directory).glob("*.jsonl"))


def load_examples(directory: Path) -> list[CrisisExample]:
    """Read every example file of a directory (see `read_examples`)."""
    files = example_files(directory)
    if not files:
        raise ValueError(f"no crisis examples (*.jsonl) in {directory}")
    return read_examples(files)


def read_examples(files: Sequence[Path]) -> list[CrisisExample]:
    """Read example files, naming the file and line of any malformed entry, or of a
    message given twice (as the classifier reads it) with two labels. The copies of one
    message share a group, wherever they are, so cross-validation never tests a text it
    trained on."""
    examples: list[CrisisExample] = []
    groups: dict[tuple[str, object], int] = {}
    first: dict[str, tuple[str, int]] = {}  # a prepared text: where it came first, which example
    keys: list[str] = []  # each example's prepared text
    for path in files:
        for number, row in json_lines(path):
            where = f"{path}:{number}"
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise ValueError(f"{where}: needs a string `text`")
            if row.get("label") not in LABELS:
                raise ValueError(f"{where}: `label` must be one of {', '.join(LABELS)}")
            # A misspelt "group" would split a message's variants across folds.
            reject_unknown(row, EXAMPLE_FIELDS, where)
            # Examples without a group each stand alone.
            key = (path.name, row.get("group", f"line {number}"))
            group = groups.setdefault(key, len(groups))
            category = str(row.get("category") or path.stem)
            prepared = prepare(row["text"])
            earlier, at = first.setdefault(prepared, (where, len(examples)))
            if at < len(examples) and examples[at].label != row["label"]:
                raise ValueError(
                    f"{where}: the same message as {earlier} with another label "
                    f"({row['label']} and {examples[at].label}); keep one"
                )
            examples.append(CrisisExample(row["text"], row["label"], category, group))
            keys.append(prepared)
    return _one_group_per_message(examples, keys)


def _one_group_per_message(examples: list[CrisisExample], keys: list[str]) -> list[CrisisExample]:
    """The examples with the groups of any two copies of one message (the same `keys`, the
    texts as the classifier reads them) joined into one."""
    joined: dict[int, int] = {}

    def root(group: int) -> int:
        while joined.get(group, group) != group:
            group = joined[group]
        return group

    owner: dict[str, int] = {}
    for example, key in zip(examples, keys, strict=True):
        first = root(owner.setdefault(key, example.group))
        other = root(example.group)
        if first != other:
            joined[max(first, other)] = min(first, other)
    return [replace(e, group=root(e.group)) for e in examples]


def load_negations(directory: Path) -> frozenset[str]:
    """The negation words of `NEGATIONS_FILE` in `directory` (none when it is missing), each
    one lowercase word as `prepare` leaves it."""
    path = Path(directory) / NEGATIONS_FILE
    if not path.exists():
        return frozenset()
    words = read_lines(path)
    for word in words:
        if word != prepare(word) or len(word.split()) != 1:
            raise DataFileError(
                f"{word!r} must be one lowercase word without apostrophes, as messages are "
                "read; write it that way or remove it",
                shown(path),
            )
    return frozenset(words)


def fit_crisis_model(
    directory: Path,
    *,
    ordinary: Sequence[str] = (),
    cross_validate: bool = False,
    ordinary_weight: float = ORDINARY_WEIGHT,
    seed: int = 0,
    candidates: Sequence[CrisisExample] = (),
) -> FitResult:
    """Fit the crisis classifier on the examples, plus `ordinary` messages that are never
    emergencies (the index's own questions), which come after the examples in the result, each
    weighing `ordinary_weight` against 1 for an example.
    Without `cross_validate` it is fitted once, calibrated at `TEMPERATURE`; with it, every text
    also gets an out-of-fold probability (one fit per fold) and the temperature is fitted anew.
    `seed` shuffles the folds; `candidates` join every training fold and the final fit but
    are never scored (see `fit_text_classifier`'s `train_only`)."""
    examples = load_examples(directory)
    texts = [prepare(e.text) for e in examples] + [prepare(t) for t in ordinary]
    labels = [e.label for e in examples]
    first_free = max((e.group for e in examples), default=-1) + 1
    return fit_text_classifier(
        texts,
        labels + [NEGATIVE] * len(ordinary),
        folds=5 if cross_validate else 1,
        groups=[e.group for e in examples] + list(range(first_free, first_free + len(ordinary))),
        c=REGULARISATION,
        linear_model=LINEAR_MODEL,
        char_range=CHAR_RANGE,
        char_spans=CHAR_SPANS,
        calibration=None if cross_validate else (TEMPERATURE, 0.0),
        sample_weight=[1.0] * len(examples) + [ordinary_weight] * len(ordinary),
        negations=load_negations(directory),
        seed=seed,
        train_only=[(prepare(c.text), c.label) for c in candidates],
    )


@dataclass(frozen=True)
class DetectionFigures:
    """Recall on emergencies and false alarms on everything else, at one threshold."""

    caught: int
    emergencies: int
    false_alarms: int
    others: int

    @property
    def recall(self) -> float:
        return self.caught / self.emergencies if self.emergencies else 0.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.others if self.others else 0.0

    def line(self) -> str:
        return (
            f"recall {self.recall:.1%} ({self.caught}/{self.emergencies}), "
            f"false alarms {self.false_alarm_rate:.1%} ({self.false_alarms}/{self.others})"
        )


def figures(is_emergency: np.ndarray, alarmed: np.ndarray) -> DetectionFigures:
    """Count catches and false alarms of boolean predictions against boolean truth."""
    return DetectionFigures(
        caught=int((alarmed & is_emergency).sum()),
        emergencies=int(is_emergency.sum()),
        false_alarms=int((alarmed & ~is_emergency).sum()),
        others=int((~is_emergency).sum()),
    )
