"""Where the default corpus, data files and index live."""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

INDEX_ENV = "IOP_FAQ_INDEX"


def package_dir() -> Path:
    """The installed `knowledge` package directory."""
    return Path(str(resources.files("knowledge")))


def default_sources_dir() -> Path:
    """The shipped corpus: plain-text or Markdown articles."""
    return package_dir() / "sources"


def data_dir() -> Path:
    """Maintainer-edited data files (cleaning rules, curated Q&A, synonyms)."""
    return package_dir() / "data"


def default_index_path() -> Path:
    """`$IOP_FAQ_INDEX`, else `$XDG_CACHE_HOME/iop-faq/index.joblib`."""
    env = os.environ.get(INDEX_ENV)
    if env:
        return Path(env).expanduser()
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "iop-faq" / "index.joblib"


@dataclass(frozen=True)
class KnowledgeConfig:
    """Where the sources and maintainer data files are read from."""

    sources_dir: Path
    data_dir: Path

    @classmethod
    def default(cls, sources_dir: Path | None = None) -> KnowledgeConfig:
        """The shipped data files, with the shipped corpus unless another is given."""
        return cls(sources_dir=Path(sources_dir or default_sources_dir()), data_dir=data_dir())
