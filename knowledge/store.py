"""The default index: a cache of the shipped corpus, built on first use and when outdated."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from knowledge.build import KnowledgeConfig, build_index, load_index
from knowledge.errors import (
    IndexMissingError,
    IndexStaleError,
    IndexVersionError,
    KnowledgeError,
)
from knowledge.index import KnowledgeIndex
from knowledge.paths import default_index_path

_REBUILD_REASONS: dict[type[KnowledgeError], str] = {
    IndexMissingError: "on first use",
    IndexVersionError: "(the cached one is from another version)",
    IndexStaleError: "(the sources, data or code changed since it was built)",
}


def open_index(
    index_path: Path | None, notify: Callable[[str], None] | None = None
) -> KnowledgeIndex:
    """Load the index. An explicit one (`--index`, `IOP_FAQ_INDEX`) must be usable; the default
    one is a cache of the shipped corpus, so it is (re)built when absent, outdated or unreadable
    (`notify` hears why)."""
    path = index_path or default_index_path()
    try:
        return load_index(path)
    except KnowledgeError as exc:
        if index_path is not None:
            raise
        reason = _REBUILD_REASONS.get(type(exc), "(the cached one is unreadable)")
        if notify is not None:
            notify(f"Building the default index at {path} {reason} ...")
        index = build_index(KnowledgeConfig.default())
        index.save(path)
        return index


def ensure_index(index_path: Path | None, notify: Callable[[str], None] | None = None) -> Path:
    """The path of a usable index: the given one, or the default one, built if absent."""
    path = index_path or default_index_path()
    if index_path is None and not path.exists():
        open_index(None, notify)
    return path
