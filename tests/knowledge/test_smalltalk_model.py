"""The small-talk classifier's examples file and its fit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.errors import DataFileError
from knowledge.matcher import OUT_OF_SCOPE, TrainingSet
from knowledge.smalltalk_model import (
    NOT_SMALLTALK,
    cross_validate_smalltalk,
    fit_smalltalk_model,
    load_smalltalk_examples,
    smalltalk_training_set,
)


def write(path: Path, *rows: object) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    return path


def test_a_missing_file_has_no_examples(tmp_path: Path) -> None:
    assert load_smalltalk_examples(tmp_path / "smalltalk.jsonl") == []


@pytest.mark.parametrize(
    ("row", "says"),
    [
        ("{not json", ":2: not valid JSON"),
        ({"text": "hi"}, "`kind` must name a kind"),
        ({"text": "hi", "kind": "Greeting"}, "in lowercase"),
        ({"text": " ", "kind": "greeting"}, "non-empty string `text`"),
        ({"text": "hi", "kind": "greeting", "label": "x"}, "the known ones are kind, text"),
        ({"text": "Thanks!", "kind": "greeting"}, "the same message as line 1 with another kind"),
    ],
)
def test_a_malformed_line_names_the_file_the_line_and_the_fix(
    tmp_path: Path, row: object, says: str
) -> None:
    path = write(tmp_path / "smalltalk.jsonl", {"text": "thanks!", "kind": "thanks"}, row)
    with pytest.raises(DataFileError) as raised:
        load_smalltalk_examples(path)
    assert str(path) in str(raised.value) and says in str(raised.value)


def test_a_message_given_twice_with_one_kind_is_kept_once(tmp_path: Path) -> None:
    path = write(
        tmp_path / "smalltalk.jsonl",
        {"text": "thanks!", "kind": "thanks"},
        {"text": "Thanks! ", "kind": "thanks"},
    )
    assert load_smalltalk_examples(path) == [("thanks!", "thanks")]


def test_short_visitor_questions_are_learned_as_not_small_talk() -> None:
    questions = TrainingSet(
        ("and the cost?", "how long does an intensive outpatient program usually last", "joke"),
        ("cost", "duration", OUT_OF_SCOPE),
    )
    texts, kinds = smalltalk_training_set([("thanks", "thanks")], questions)
    assert list(zip(texts, kinds, strict=True)) == [
        ("thanks", "thanks"),
        ("and the cost?", NOT_SMALLTALK),
    ]


KINDS = {
    "thanks": ["thanks", "thank you", "thx", "ty so much", "thanks a lot", "many thanks"],
    "goodbye": ["bye", "goodbye", "see ya", "later", "bye bye", "see you later"],
    NOT_SMALLTALK: ["how long is iop", "is it covered", "what about teens", "cost", "hours?", "x"],
}


def test_the_fit_reads_the_kinds_it_learned() -> None:
    texts = [text for texts in KINDS.values() for text in texts]
    kinds = [kind for kind, texts in KINDS.items() for _ in texts]
    model = fit_smalltalk_model(texts, kinds)
    assert model is not None and set(model.classes) == set(KINDS)
    assert model.predict("thanks so much")[0] == "thanks"
    assert model.predict("bye for now")[0] == "goodbye"
    figures = cross_validate_smalltalk(texts, kinds, probability=0.0, folds=3)
    assert figures.examples == len(texts) and 0 < figures.accuracy <= 1
    assert "cross-validated (18 examples, read at 0.00)" in figures.line(0.0)


def test_no_classifier_without_examples_of_not_small_talk() -> None:
    assert fit_smalltalk_model(["thanks", "bye"], ["thanks", "goodbye"]) is None
