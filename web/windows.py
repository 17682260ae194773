"""Fixed-window request counters: in this process's memory, or in a shared `limits` storage.

A window opens at a key's first hit and lasts `seconds`; `hit` returns how many hits the key
has had in its current window (this one included) and when that window ends (Unix time).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from typing import Protocol

from limits.errors import ConfigurationError
from limits.storage import Storage, storage_from_string

from web.config import ConfigError

MEMORY_SCHEME = "memory://"


class Windows(Protocol):
    """Where the hits of each key are counted."""

    def hit(self, key: str, seconds: float) -> tuple[int, float]:
        """Count one hit for `key`: (hits in its current window, when the window ends)."""
        ...

    def peek(self, key: str) -> tuple[int, float]:
        """(hits in the key's current window, when it ends) without counting; (0, now) when
        no window is open."""
        ...

    def check(self) -> bool:
        """Whether the counters can be reached right now."""
        ...


class LocalWindows:
    """Counters in a dict; expired windows are swept out at most once per `sweep_seconds`.

    No background thread: a request does the sweeping when one is due, under the same lock.
    """

    def __init__(self, sweep_seconds: float = 60.0, clock: Callable[[], float] = time.time):
        self.sweep_seconds = sweep_seconds
        self.clock = clock
        self._windows: dict[str, list[float]] = {}  # key -> [ends_at, hits]
        self._lock = threading.Lock()
        self._next_sweep = clock() + sweep_seconds

    def __len__(self) -> int:
        return len(self._windows)

    def hit(self, key: str, seconds: float) -> tuple[int, float]:
        now = self.clock()
        with self._lock:
            if now >= self._next_sweep:
                self._sweep(now)
            window = self._windows.get(key)
            if window is None or window[0] <= now:
                window = self._windows[key] = [now + seconds, 0]
            window[1] += 1
            return int(window[1]), window[0]

    def peek(self, key: str) -> tuple[int, float]:
        now = self.clock()
        window = self._windows.get(key)
        if window is None or window[0] <= now:
            return 0, now
        return int(window[1]), window[0]

    def check(self) -> bool:
        return True

    def _sweep(self, now: float) -> None:
        self._windows = {k: w for k, w in self._windows.items() if w[0] > now}
        self._next_sweep = now + self.sweep_seconds


class StoredWindows:
    """Counters in a `limits` storage (e.g. Redis), shared by every process that uses it."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    def hit(self, key: str, seconds: float) -> tuple[int, float]:
        hits = self.storage.incr(key, max(1, math.ceil(seconds)))
        return hits, self.storage.get_expiry(key)

    def peek(self, key: str) -> tuple[int, float]:
        hits = int(self.storage.get(key))
        return hits, self.storage.get_expiry(key) if hits else time.time()

    def check(self) -> bool:
        return bool(self.storage.check())


def open_windows(uri: str) -> Windows:
    """Counters for a storage URI: memory:// counts in this process, others (redis://...)
    in that storage; a ConfigError when the URI cannot be used."""
    if uri.strip() == MEMORY_SCHEME:
        return LocalWindows()
    try:
        storage = storage_from_string(uri, wrap_exceptions=True)
        if not isinstance(storage, Storage):
            raise ValueError("asynchronous storages cannot be used here")
        return StoredWindows(storage)
    except (ConfigurationError, ValueError) as exc:
        raise ConfigError(f"IOP_FAQ_RATELIMIT_STORAGE_URI={uri!r} is not usable: {exc}") from exc
