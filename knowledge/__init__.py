"""Knowledge core: source articles, question-and-answer passages and the TF-IDF index."""

from knowledge.errors import (
    CorpusEmptyError,
    IndexCorruptError,
    IndexMissingError,
    IndexStaleError,
    IndexVersionError,
    KnowledgeError,
    SourceUnreadableError,
)

__all__ = [
    "CorpusEmptyError",
    "IndexCorruptError",
    "IndexMissingError",
    "IndexStaleError",
    "IndexVersionError",
    "KnowledgeError",
    "SourceUnreadableError",
]
