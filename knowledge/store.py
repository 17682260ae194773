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
    one is a cache of the shipped corpus, so it is (re)built when absent, outdated, unreadable
    or built from files no longer on disk, which nothing can check it against (`notify` hears
    why)."""
    path = index_path or default_index_path()
    try:
        index = load_index(path)
        if index_path is not None or _built_from_files_on_disk(index):
            return index
        # Its sources or data files are gone, so whether it is outdated cannot be checked.
        reason = "(the files it was built from are no longer on disk)"
    except KnowledgeError as exc:
        if index_path is not None:
            raise
        reason = _REBUILD_REASONS.get(type(exc), "(the cached one is unreadable)")
    if notify is not None:
        notify(f"Building the default index at {path} {reason} ...")
    index = build_index(KnowledgeConfig.default())
    index.save(path)
    return index


def _built_from_files_on_disk(index: KnowledgeIndex) -> bool:
    """Whether the sources and data files an index records are still there to check it by."""
    recorded = (index.metadata.get("sources_dir"), index.metadata.get("data_dir"))
    return all(isinstance(d, str) and Path(d).is_dir() for d in recorded)


def ensure_index(index_path: Path | None, notify: Callable[[str], None] | None = None) -> Path:
    """The path of a usable index, for a server that loads it itself: the given one as it is,
    or the default one, opened as `open_index` opens it (so (re)built when absent, outdated,
    unreadable or built from files no longer on disk)."""
    if index_path is not None:
        return index_path
    open_index(None, notify)
    return default_index_path()
