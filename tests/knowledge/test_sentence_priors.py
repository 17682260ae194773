"""Sentence priors: which sentence of a passage says what visitors ask it for."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from bot import Bot
from knowledge.index import KnowledgeIndex
from knowledge.passages import Passage

TEXT = (
    "Parking is free behind the clinic. "
    "Sessions run three hours a day, three to five days a week. "
    "The building was renovated in 2019."
)


@pytest.fixture(scope="module")
def small(index: KnowledgeIndex) -> KnowledgeIndex:
    """Two passages indexed with the shipped analyzer."""
    passages = [
        Passage("a/hours", "How long?", TEXT, "A", "a.md", "Hours"),
        Passage("a/other", "Other?", "Other things entirely.", "A", "a.md", "Other"),
    ]
    return KnowledgeIndex.build(passages, index.analyzer)


def test_the_sentence_visitors_ask_about_weighs_most(small: KnowledgeIndex) -> None:
    small.learn_sentence_priors({"a/hours": ["how many hours a day", "days a week?"]})
    priors = small.sentence_priors(0)
    assert len(priors) == 3
    assert priors.max() == pytest.approx(1.0)
    assert int(priors.argmax()) == 1  # "Sessions run three hours a day..."
    assert priors[0] < 1 and priors[2] < 1
    assert small.sentence_priors(1).tolist() == [0.0]  # no phrasings: no prior


def test_an_index_without_priors_reads_zeros(small: KnowledgeIndex) -> None:
    bare = dataclasses.replace(small, sentence_priors_=np.zeros(0))
    assert bare.sentence_priors(0).tolist() == [0.0, 0.0, 0.0]


def test_the_shipped_index_learns_a_prior_for_every_passage(index: KnowledgeIndex) -> None:
    assert len(index.sentence_priors_) == len(index.sentences_)
    for position in range(len(index.passages)):
        assert index.sentence_priors(position).max() == pytest.approx(1.0)


def test_among_sentences_the_message_matches_the_prior_decides(small: KnowledgeIndex) -> None:
    small.learn_sentence_priors({"a/hours": ["how many hours a day", "days a week?"]})
    answerer = Bot(small).answerer
    tied = [0.4, 0.4, 0.0]  # the message matches parking and hours alike
    weighed = answerer.extractor.with_prior(0, tied, 0.5)
    assert int(weighed.argmax()) == 1 and weighed[0] < weighed[1]
    assert answerer.extractor.with_prior(0, tied, 0.0).tolist() == tied
    assert answerer.extractor.with_prior(0, [0.0, 0.0, 0.0], 0.5).tolist() == [0.0, 0.0, 0.0]
