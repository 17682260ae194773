"""The crisis classifier's fit: labelled examples plus the index's ordinary questions."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from knowledge.classifier import fit_text_classifier
from knowledge.crisis_model import (
    NEGATIONS_FILE,
    NEGATIVE,
    POSITIVE,
    CrisisExample,
    fit_crisis_model,
    load_examples,
    load_negations,
)
from knowledge.errors import DataFileError

EXAMPLES = [
    ("i want to end it tonight", "crisis"),
    ("i have the pills ready tonight", "crisis"),
    ("i'm going to kill myself", "crisis"),
    ("so tired of everything", "distress"),
    ("nothing feels good lately", "distress"),
    ("i feel low most days", "distress"),
    ("what time is group tonight", "none"),
    ("i'm going to the pharmacy tonight", "none"),
    ("my phone died", "none"),
]
ORDINARY = ["when does the program end", "does it end in june", "how do i end my enrollment"]


def _directory(tmp_path: Path) -> Path:
    lines = [json.dumps({"text": t, "label": label, "category": "test"}) for t, label in EXAMPLES]
    (tmp_path / "examples.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_the_weight_of_ordinary_questions_changes_what_the_model_learns(tmp_path: Path) -> None:
    directory = _directory(tmp_path)
    full = fit_crisis_model(directory, ordinary=ORDINARY).model
    light = fit_crisis_model(directory, ordinary=ORDINARY, ordinary_weight=0.05).model
    crisis, none = full.classes.index(POSITIVE), full.classes.index(NEGATIVE)
    # The ordinary questions' own words ("end") count less for "not an emergency" when light.
    asked = "when does it end"
    assert light.predict_proba(asked)[none] < full.predict_proba(asked)[none]
    assert light.predict_proba("end it")[crisis] > full.predict_proba("end it")[crisis]


def _write(tmp_path: Path, name: str, rows: list[dict[str, object]]) -> None:
    text = "".join(json.dumps(row) + "\n" for row in rows)
    (tmp_path / name).write_text(text, encoding="utf-8")


def test_copies_of_one_message_share_a_group_across_files(tmp_path: Path) -> None:
    first = [
        {"text": "I'm done", "label": "crisis", "group": 1},
        {"text": "goodbye all", "label": "crisis", "group": 1},
    ]
    second = [
        {"text": "im  DONE", "label": "crisis", "group": 7},
        {"text": "see you", "label": "none", "group": 7},
        {"text": "other", "label": "none"},
    ]
    _write(tmp_path, "a.jsonl", first)
    _write(tmp_path, "b.jsonl", second)
    groups = [e.group for e in load_examples(tmp_path)]
    assert groups[0] == groups[1] == groups[2] == groups[3] != groups[4]


def test_one_message_with_two_labels_is_an_error_naming_both_places(tmp_path: Path) -> None:
    _write(tmp_path, "a.jsonl", [{"text": "this heat is killing me", "label": "none"}])
    _write(tmp_path, "b.jsonl", [{"text": "This heat is killing me", "label": "crisis"}])
    with pytest.raises(ValueError, match=r"b\.jsonl:1: the same message as .*a\.jsonl:1"):
        load_examples(tmp_path)


def test_an_example_with_an_unknown_field_is_an_error_naming_it(tmp_path: Path) -> None:
    # A misspelt "group" would let a message's variants fall in different folds.
    _write(tmp_path, "a.jsonl", [{"text": "goodbye all", "label": "crisis", "grup": 1}])
    with pytest.raises(ValueError, match=r"a\.jsonl:1: unknown key\(s\) grup; the known"):
        load_examples(tmp_path)


def test_the_negation_words_beside_the_examples_are_fitted_into_the_model(tmp_path: Path) -> None:
    directory = _directory(tmp_path)
    assert not fit_crisis_model(directory).model.blocks[0].negations  # no file: none
    (directory / NEGATIONS_FILE).write_text("# negations\nnot\nnunca\n", encoding="utf-8")
    assert load_negations(directory) == {"not", "nunca"}
    assert fit_crisis_model(directory).model.blocks[0].negations == {"not", "nunca"}


@pytest.mark.parametrize("entry", ["Not", "don't", "no longer"])
def test_a_negation_the_classifier_could_never_read_is_an_error_naming_it(
    tmp_path: Path, entry: str
) -> None:
    (tmp_path / NEGATIONS_FILE).write_text(f"not\n{entry}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=f"{NEGATIONS_FILE}: {entry!r} must be one lowercase"):
        load_negations(tmp_path)


def test_candidates_join_every_training_fold_but_are_never_scored(tmp_path: Path) -> None:
    directory = _directory(tmp_path)
    candidates = [CrisisExample("tonight i end it all with the pills", POSITIVE, "new", 0)] * 3
    without = fit_crisis_model(directory, ordinary=ORDINARY, cross_validate=True)
    with_them = fit_crisis_model(
        directory, ordinary=ORDINARY, cross_validate=True, candidates=candidates
    )
    rows = len(EXAMPLES) + len(ORDINARY)
    assert without.oof_proba.shape[0] == with_them.oof_proba.shape[0] == rows
    crisis = with_them.model.classes.index(POSITIVE)
    # Held out, an emergency sharing the candidates' words reads as more alarming with them.
    held = [t for t, _ in EXAMPLES].index("i have the pills ready tonight")
    assert with_them.oof_proba[held, crisis] > without.oof_proba[held, crisis]


def test_the_seed_shuffles_the_folds(tmp_path: Path) -> None:
    directory = _directory(tmp_path)
    first = fit_crisis_model(directory, ordinary=ORDINARY, cross_validate=True, seed=0)
    second = fit_crisis_model(directory, ordinary=ORDINARY, cross_validate=True, seed=1)
    assert not np.allclose(first.oof_proba, second.oof_proba)


def test_candidates_with_a_label_the_examples_lack_are_refused(tmp_path: Path) -> None:
    texts = [t for t, label in EXAMPLES if label != "distress"]
    labels = [label for _, label in EXAMPLES if label != "distress"]
    with pytest.raises(ValueError, match=r"train_only labels \['distress'\]"):
        fit_text_classifier(texts, labels, folds=2, train_only=[("so tired", "distress")])
