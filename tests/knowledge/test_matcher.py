"""The learned matcher: its training phrasings, its place in the index, what it recognises."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.build import KnowledgeConfig, matcher_examples
from knowledge.classifier import word_grams
from knowledge.errors import SourceUnreadableError
from knowledge.index import KnowledgeIndex
from knowledge.matcher import (
    MATCHER,
    OUT_OF_SCOPE,
    OUT_OF_SCOPE_FILE,
    PHRASINGS_FILE,
    TrainingSet,
    cross_validate,
    load_out_of_scope,
    load_phrasings,
    out_of_scope_conflicts,
    passage_words,
    training_set,
)

MIN_PHRASINGS = 20


def test_every_passage_has_enough_visitor_phrasings(
    index: KnowledgeIndex, knowledge_config: KnowledgeConfig
) -> None:
    counts = matcher_examples(knowledge_config, index.passages).counts()
    short = {p.id: counts.get(p.id, 0) for p in index.passages if counts.get(p.id, 0) < 20}
    assert not short, f"passages with fewer than {MIN_PHRASINGS} phrasings: {short}"


def test_phrasings_name_only_passages_the_sources_produce(
    index: KnowledgeIndex, knowledge_config: KnowledgeConfig
) -> None:
    phrasings = load_phrasings(knowledge_config.data_dir / "phrasings.toml")
    assert set(phrasings) <= {p.id for p in index.passages}


def test_the_matcher_is_fitted_into_the_index(index: KnowledgeIndex) -> None:
    matcher = index.models_[MATCHER]
    assert set(matcher.classes) == {p.id for p in index.passages} | {OUT_OF_SCOPE}


def test_out_of_scope_questions_are_one_more_class_and_a_passage_keeps_its_own(
    index: KnowledgeIndex,
) -> None:
    first, second = index.passages[:2]
    examples = training_set(
        [first, second],
        {second.id: ("a visitor phrasing",)},
        ("what is the capital of france", first.question.upper(), "A visitor  phrasing"),
    )
    labels = dict(zip(examples.texts, examples.labels, strict=True))
    assert labels["what is the capital of france"] == OUT_OF_SCOPE
    assert labels[first.question] == first.id and labels["a visitor phrasing"] == second.id
    assert list(examples.labels).count(OUT_OF_SCOPE) == 1
    conflicts = out_of_scope_conflicts(
        [first, second], {second.id: ("a visitor phrasing",)}, ("A visitor  phrasing",)
    )
    assert len(conflicts) == 1 and second.id in conflicts[0]


def test_the_out_of_scope_file_skips_comments_and_may_be_absent(tmp_path: Path) -> None:
    path = tmp_path / OUT_OF_SCOPE_FILE
    assert load_out_of_scope(path) == ()
    path.write_text("# weather\n\n  whats the weather  \n# jokes\ntell me a joke\n")
    assert load_out_of_scope(path) == ("whats the weather", "tell me a joke")
    path.write_bytes(b"\xff\xfe bad")
    with pytest.raises(SourceUnreadableError, match=OUT_OF_SCOPE_FILE):
        load_out_of_scope(path)


def test_the_shipped_out_of_scope_questions_are_asked_of_no_passage(
    index: KnowledgeIndex, knowledge_config: KnowledgeConfig
) -> None:
    data = knowledge_config.data_dir
    out_of_scope = load_out_of_scope(data / OUT_OF_SCOPE_FILE)
    assert len(out_of_scope) >= 150
    phrasings = load_phrasings(data / PHRASINGS_FILE)
    assert out_of_scope_conflicts(index.passages, phrasings, out_of_scope) == []


@pytest.mark.parametrize(
    ("message", "passage"),
    [
        ("hw lnog is the progam", "how-long-does-iop-last"),
        ("veteren progams for ptsd", "veterans-iops"),
        ("can my husbnd come to a sesion with me", "family-therapy"),
    ],
)
def test_the_matcher_tolerates_typos(index: KnowledgeIndex, message: str, passage: str) -> None:
    label, probability = index.models_[MATCHER].predict(message)
    assert passage in label
    assert probability > 0.2


def test_a_malformed_phrasings_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "phrasings.toml"
    path.write_text('[[passage]]\nid = "x"\nphrasings = "not a list"\n', encoding="utf-8")
    with pytest.raises(SourceUnreadableError, match="needs an `id` and a list"):
        load_phrasings(path)


def test_cross_validation_reports_passages_and_out_of_scope_apart(
    index: KnowledgeIndex, knowledge_config: KnowledgeConfig
) -> None:
    full = matcher_examples(knowledge_config, index.passages)
    rows = [row for n, row in enumerate(zip(full.texts, full.labels, strict=True)) if n % 3 == 0]
    examples = TrainingSet(tuple(t for t, _ in rows), tuple(label for _, label in rows))
    result = cross_validate(examples, folds=3)
    outside = list(examples.labels).count(OUT_OF_SCOPE)
    assert result.out_of_scope == outside > 20
    assert result.samples == len(rows) - outside
    assert result.passages == len(index.passages)
    assert 0.3 < result.out_of_scope_recognised <= 1 and 0.3 < result.accuracy <= result.top3


def test_words_of_questions_out_of_scope_alone_are_not_passage_words(
    index: KnowledgeIndex, knowledge_config: KnowledgeConfig
) -> None:
    # "hypnotherapy" in an out-of-scope question must not make "do iops offer hypnotherapy?"
    # look known to the matcher's coverage.
    examples = matcher_examples(knowledge_config, index.passages)
    words = {
        inside: {w for t, label in zip(examples.texts, examples.labels, strict=True)
                 if (label != OUT_OF_SCOPE) == inside for w in word_grams(t, 1, 1)}
        for inside in (True, False)
    }  # fmt: skip
    only_outside = words[False] - words[True]
    learned = set(passage_words(index.models_[MATCHER]))
    assert "hypnotherapy" in only_outside - learned and len(only_outside) > 100
    # A few are also misspelt copies of a passage's words ("sing" from "sign").
    assert len(only_outside & learned) <= 0.02 * len(only_outside)
    assert words[True] <= learned | {w for w in words[True] if len(w) < 2}
