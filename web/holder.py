"""The live bot of a process: loaded once, swapped when the index file on disk is rebuilt."""

from __future__ import annotations

import ctypes
import gc
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot import Bot
from bot.cache import Replier, with_cache
from bot.settings import BotSettings
from knowledge.build import load_index
from knowledge.errors import KnowledgeError

log = logging.getLogger("iop_faq.web")

Stamp = tuple[int, int, int]


def file_stamp(path: Path) -> Stamp | None:
    """What identifies one version of a file: inode, size and modification time."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def load_bot(path: Path, cache_size: int = 0, settings: BotSettings | None = None) -> Replier:
    """A bot on the index at `path`, with a reply cache when `cache_size` > 0 (raises
    KnowledgeError with a one-line fix). Everything a reply may need is loaded here, so no
    request pays for an import."""
    index = load_index(path)
    index.analyzer.load_stemmer()
    fresh = Bot(index, settings)
    fresh.compile_patterns()  # before the fork, so workers share them and no request compiles
    bot = with_cache(fresh, cache_size)
    # The index is tens of thousands of long-lived objects: kept out of the collector's full
    # passes, which would otherwise stall a request for tens of milliseconds now and then.
    gc.collect()
    gc.freeze()
    return_free_memory()
    return bot


def return_free_memory() -> None:
    """Give the C allocator's free pages back to the operating system (glibc's `malloc_trim`).
    Loading an index frees the file's bytes and what was built on the way, and without this
    they stay resident in the server process and in every worker forked from it (about 12 MB
    on the shipped corpus). Does nothing where the C library has no `malloc_trim`."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):
        return
    trim(0)


def run_now(task: Callable[[], None]) -> None:
    task()


def off_the_event_loop(task: Callable[[], None]) -> None:
    """Run `task` in a native thread when gevent drives this process, so that the worker's
    other connections are served while it runs (a reload takes a second or more of CPU);
    otherwise run it at once."""
    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("threading"):
        import gevent

        gevent.get_hub().threadpool.spawn(task)
    else:
        task()


@dataclass(frozen=True)
class Failure:
    """Why the latest index file could not be loaded, and when that was found."""

    reason: str
    at: float  # Unix time


@dataclass
class Loaded:
    """One loaded bot and the file version it came from."""

    bot: Replier
    stamp: Stamp | None
    loaded_at: float


class BotHolder:
    """Holds the bot; at most every `interval` seconds, checks the index file and reloads it.

    A reload runs in the request thread that noticed the change, or in a `background` one
    (under gevent, a native thread: the worker's other connections keep being served), while
    requests keep being answered by the old bot; a failed reload, whatever the fault in the
    file, keeps the old bot, logs a warning and is kept in `failure` until a good file loads.
    """

    def __init__(
        self,
        path: Path,
        interval: float = 2.0,
        loader: Callable[[Path], Replier] = load_bot,
        clock: Callable[[], float] = time.monotonic,
        background: Callable[[Callable[[], None]], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.background = background or run_now
        self.interval = interval
        self.loader = loader
        self.clock = clock
        self._lock = threading.Lock()
        stamp = file_stamp(self.path)
        self._current = Loaded(loader(self.path), stamp, time.time())
        self._checked_at = clock()
        self._failed_stamp: Stamp | None = None
        self.failure: Failure | None = None

    @property
    def bot(self) -> Replier:
        """The current bot, after reloading it if the index file changed."""
        if self.interval > 0 and self.clock() - self._checked_at >= self.interval:
            self.check()
        return self._current.bot

    @property
    def loaded_at(self) -> float:
        """When the current bot was loaded (Unix time)."""
        return self._current.loaded_at

    def next_check_in(self) -> float | None:
        """Seconds until the index file is looked at again (None when reloading is off)."""
        if self.interval <= 0:
            return None
        return max(0.0, self.interval - (self.clock() - self._checked_at))

    def check(self) -> bool:
        """Reload if the index file changed; True when a new bot went live (by the time this
        returns: a reload handed to a background thread goes live later)."""
        if not self._lock.acquire(blocking=False):
            return False
        try:
            self._checked_at = self.clock()
            stamp = file_stamp(self.path)
            changed = stamp is not None and stamp not in (self._current.stamp, self._failed_stamp)
        except BaseException:
            self._lock.release()
            raise
        if not changed or stamp is None:
            self._lock.release()
            return False
        new_stamp = stamp
        swapped: list[bool] = []

        def reload() -> None:
            try:
                swapped.append(self._reload(new_stamp))
            finally:
                self._lock.release()

        self.background(reload)
        return bool(swapped and swapped[0])

    def _reload(self, stamp: Stamp) -> bool:
        try:
            bot = self.loader(self.path)
        except Exception as exc:  # noqa: BLE001 - no fault in the file may fail a request
            reason = str(exc) if isinstance(exc, KnowledgeError) else f"{type(exc).__name__}"
            self._failed_stamp = stamp
            self.failure = Failure(f"index reload failed: {reason}", time.time())
            log.warning("index reload failed, still serving the previous index: %s", reason)
            return False
        self._current = Loaded(bot, stamp, time.time())
        self._failed_stamp = None
        self.failure = None
        log.info("index reloaded from %s", self.path)
        return True
