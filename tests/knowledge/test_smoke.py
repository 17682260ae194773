from knowledge.index import KnowledgeIndex


def test_index_has_passages(index: KnowledgeIndex) -> None:
    assert len(index.passages) > 20
