"""Per-client rate limits on `POST /api/chat`; the 429 reply still carries the crisis line.

Limits are fixed windows counted in process memory or in a shared storage such as Redis
(`web.windows`), one hit per limit per request; if the shared storage fails, counting moves to
process memory with a warning and returns to the storage once it answers again.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, Response, g, request
from limits import RateLimitItem, parse_many
from limits.errors import StorageError
from werkzeug.exceptions import TooManyRequests

from web.config import ConfigError
from web.errors import error_response, is_api_request
from web.extension import get_state
from web.windows import LocalWindows, Windows, open_windows

log = logging.getLogger("iop_faq.web")

CRISIS_LINE = (
    "If you or someone you know is in crisis: call or text 988, or call 911 in an emergency."
)
LIMITED_ENDPOINT = "api.chat"
KEY_PREFIX = "iop-faq/chat"


@dataclass(frozen=True)
class Verdict:
    """The outcome of counting one request against the tightest limit."""

    allowed: bool
    limit: RateLimitItem
    remaining: int
    reset_at: float  # Unix time when the tightest window ends

    def headers(self) -> dict[str, str]:
        """`X-RateLimit-*` headers, and `Retry-After` when the request was refused."""
        headers = {
            "X-RateLimit-Limit": str(self.limit.amount),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(math.ceil(self.reset_at)),
        }
        if not self.allowed:
            headers["Retry-After"] = str(max(1, math.ceil(self.reset_at - time.time())))
        return headers


def parse_limits(value: str) -> list[RateLimitItem]:
    """The limits in `value` (e.g. "30/minute;5/second"); a ConfigError if unreadable."""
    try:
        items = parse_many(value)
    except ValueError:
        items = []
    if not items:
        raise ConfigError(
            f"IOP_FAQ_CHAT_LIMIT={value!r} is not valid; write e.g. '30/minute;5/second'"
        )
    return items


class RateLimiter:
    """Fixed-window limits per key, counted in memory while the shared storage is down."""

    def __init__(
        self,
        limits: list[RateLimitItem],
        windows: Windows,
        recheck_seconds: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.primary = windows
        self.fallback: Windows = LocalWindows()
        self.recheck_seconds = recheck_seconds
        self.clock = clock
        self._down_since: float | None = None
        self._lock = threading.Lock()
        self._rules = [(limit, limit.amount, limit.get_expiry()) for limit in limits]

    @property
    def storage_is_down(self) -> bool:
        return self._down_since is not None

    def hit(self, key: str) -> Verdict:
        """Count one request for `key` against every limit; a refused request is not counted."""
        windows = self._windows()
        try:
            return self._count(windows, key)
        except StorageError as exc:
            if windows is self.fallback:
                raise
            self._mark_down(exc)
            return self._count(self.fallback, key)

    def _count(self, windows: Windows, key: str) -> Verdict:
        """Refuse without counting while any window is full, waiting for the last full one to
        end; otherwise count the request in every window."""
        rules = [
            (f"{KEY_PREFIX}/{key}/{amount}/{seconds}", limit, amount, seconds)
            for limit, amount, seconds in self._rules
        ]
        full = []
        for name, limit, amount, _ in rules:
            hits, ends_at = windows.peek(name)
            if hits >= amount:
                full.append(Verdict(False, limit, 0, ends_at))
        if full:
            return max(full, key=lambda verdict: verdict.reset_at)
        tightest: Verdict | None = None
        for name, limit, amount, seconds in rules:
            hits, reset_at = windows.hit(name, seconds)
            verdict = Verdict(hits <= amount, limit, max(0, amount - hits), reset_at)
            if tightest is None or (verdict.allowed, verdict.remaining) < (
                tightest.allowed,
                tightest.remaining,
            ):
                tightest = verdict
        assert tightest is not None  # parse_limits never returns an empty list
        return tightest

    def _windows(self) -> Windows:
        down_since = self._down_since
        if down_since is None:
            return self.primary
        if self.clock() - down_since >= self.recheck_seconds and self._storage_answers():
            return self.primary
        return self.fallback

    def _storage_answers(self) -> bool:
        with self._lock:
            if self._down_since is None:
                return True
            self._down_since = self.clock()  # next recheck in recheck_seconds, whatever happens
            try:
                answers = self.primary.check()
            except Exception:  # noqa: BLE001 - a failed health check only means "still down"
                answers = False
            if answers:
                self._down_since = None
                log.info("rate-limit storage is reachable again; counting there")
            return answers

    def _mark_down(self, exc: Exception) -> None:
        with self._lock:
            if self._down_since is None:
                log.warning(
                    "rate-limit storage unreachable (%s); counting in process memory meanwhile",
                    type(exc).__name__,
                )
            self._down_since = self.clock()


def crisis_line() -> str:
    """The bot's own crisis wording (data-driven), with a built-in fallback."""
    return get_state().bot.messages.get("resources_line", CRISIS_LINE)


def too_many_requests(exc: TooManyRequests) -> Response | TooManyRequests:
    if not is_api_request():
        return exc
    line = crisis_line()
    message = f"Too many messages; please wait a moment and try again. {line}"
    return error_response(message, 429, crisis=line)


def init_app(app: Flask) -> RateLimiter:
    """Count `POST /api/chat` per client; refuse with 429 over the limit, add limit headers."""
    limiter = RateLimiter(
        parse_limits(app.config["IOP_FAQ_CHAT_LIMIT"]),
        open_windows(app.config["IOP_FAQ_RATELIMIT_STORAGE_URI"]),
    )

    def check_limit() -> None:
        if request.endpoint != LIMITED_ENDPOINT or request.method != "POST":
            return
        verdict = limiter.hit(get_state().client_id())
        g.iop_faq_rate = verdict
        if not verdict.allowed:
            raise TooManyRequests()

    def add_limit_headers(response: Response) -> Response:
        verdict = g.get("iop_faq_rate")
        if verdict is not None:
            response.headers.update(verdict.headers())
        return response

    app.before_request(check_limit)
    app.after_request(add_limit_headers)
    app.register_error_handler(429, too_many_requests)
    app.extensions["iop_faq_limiter"] = limiter
    return limiter
