"""Errors meant for people: each message is one line that names the fix."""

TRAIN_HINT = "run `python train.py` (or `iop-faq train`) to rebuild it"


class KnowledgeError(Exception):
    """Base class for every expected knowledge-core failure."""


class SourceUnreadableError(KnowledgeError):
    """A source file cannot be read as UTF-8 text."""


class CorpusEmptyError(KnowledgeError):
    """The sources hold no usable text."""


class IndexMissingError(KnowledgeError):
    """No index file exists at the given path."""


class IndexCorruptError(KnowledgeError):
    """The index file exists but cannot be loaded."""


class IndexVersionError(KnowledgeError):
    """The index was built by another format version or is not ours."""


class IndexStaleError(KnowledgeError):
    """The sources, data files or indexing code changed since the index was built."""


class DataFileError(KnowledgeError, ValueError):
    """A maintainer data file is malformed; the message names the file, the entry and the fix."""

    def __init__(self, detail: str, file: object = None) -> None:
        self.detail = detail
        self.file = file
        super().__init__(f"{file}: {detail}" if file is not None else detail)
