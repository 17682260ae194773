"""The learned matcher: its training phrasings, its place in the index, what it recognises."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.build import KnowledgeConfig, matcher_examples
from knowledge.errors import SourceUnreadableError
from knowledge.index import KnowledgeIndex
from knowledge.matcher import MATCHER, load_phrasings

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
    assert set(matcher.classes) == {p.id for p in index.passages}


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
