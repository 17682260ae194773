"""The whole decision, cross-validated on the visitor phrasings."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.decision_figures import DecisionFigures, cross_validate_decision
from bot.settings import BotSettings
from knowledge.build import KnowledgeConfig, matcher_examples
from knowledge.index import KnowledgeIndex
from knowledge.matcher import TrainingSet, phrasing_key


@pytest.fixture(scope="module")
def examples(index: KnowledgeIndex, knowledge_config: KnowledgeConfig) -> TrainingSet:
    """Every other phrasing (and every passage question), to keep the folds quick."""
    full = matcher_examples(knowledge_config, index.passages)
    indexed = {q for p in index.passages for q in (p.question, *p.alternatives)}
    rows = [
        (text, label)
        for n, (text, label) in enumerate(zip(full.texts, full.labels, strict=True))
        if text in indexed or n % 2 == 0
    ]
    return TrainingSet(tuple(t for t, _ in rows), tuple(label for _, label in rows))


@pytest.fixture(scope="module")
def figures(index: KnowledgeIndex, examples: TrainingSet) -> DecisionFigures:
    return cross_validate_decision(index, examples, folds=3)


def test_every_phrasing_is_asked_once_and_passage_questions_never(
    index: KnowledgeIndex, examples: TrainingSet, figures: DecisionFigures
) -> None:
    indexed = {phrasing_key(q) for p in index.passages for q in (p.question, *p.alternatives)}
    phrasings = [t for t in examples.texts if phrasing_key(t) not in indexed]
    assert figures.total + figures.out_of_scope_total == len(phrasings)
    assert figures.total > 300 and figures.out_of_scope_total > 50


def test_most_unseen_phrasings_get_the_right_passage(figures: DecisionFigures) -> None:
    assert figures.right / figures.total >= 0.55
    assert figures.right > 2 * figures.wrong
    assert "answered from the right passage" in figures.line()


def test_most_unseen_questions_out_of_scope_fall_back(
    index: KnowledgeIndex, examples: TrainingSet, figures: DecisionFigures
) -> None:
    assert figures.out_of_scope_declined >= 0.7 * figures.out_of_scope_total
    assert "questions out of scope: fell back" in figures.line()
    ungated = cross_validate_decision(
        index, examples, replace(BotSettings(), out_of_scope_threshold=1.01), folds=3
    )
    assert ungated.out_of_scope_declined < figures.out_of_scope_declined


def test_the_learned_matcher_adds_right_answers_out_of_fold(
    index: KnowledgeIndex, examples: TrainingSet, figures: DecisionFigures
) -> None:
    retrieval_alone = cross_validate_decision(
        index, examples, replace(BotSettings(), matcher_weight=0.0), folds=3
    )
    assert retrieval_alone.total == figures.total
    assert figures.right > retrieval_alone.right + 0.05 * figures.total
