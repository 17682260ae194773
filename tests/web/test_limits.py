"""Per-client rate limits on /api/chat; the 429 reply keeps the crisis line."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from flask import Flask
from flask.testing import FlaskClient
from limits.errors import StorageError
from limits.storage import MemoryStorage

from web.config import ConfigError
from web.limits import RateLimiter, parse_limits
from web.windows import LocalWindows, StoredWindows, open_windows


@pytest.fixture
def limited(make_app: Callable[..., Flask]) -> FlaskClient:
    return make_app(IOP_FAQ_CHAT_LIMIT="3/minute").test_client()


def ask(client: FlaskClient, address: str = "198.51.100.7"):
    return client.post(
        "/api/chat", json={"message": "hello"}, environ_base={"REMOTE_ADDR": address}
    )


def test_chat_is_limited_per_client_with_a_json_429(limited: FlaskClient) -> None:
    statuses = [ask(limited).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = ask(limited)
    assert response.status_code == 429
    body = response.get_json()
    assert "988" in body["error"] and "911" in body["error"]
    assert "988" in body["crisis"] and "911" in body["crisis"]
    assert int(response.headers["Retry-After"]) > 0


def test_other_clients_are_not_limited(limited: FlaskClient) -> None:
    for _ in range(4):
        ask(limited, "198.51.100.7")
    assert ask(limited, "203.0.113.9").status_code == 200


def test_health_is_not_limited(limited: FlaskClient) -> None:
    for _ in range(4):
        ask(limited)
    assert limited.get("/api/health").status_code == 200


def test_default_limit(make_app: Callable[..., Flask]) -> None:
    client = make_app(IOP_FAQ_CHAT_LIMIT="30/minute;5/second").test_client()
    statuses = [ask(client).status_code for _ in range(6)]
    assert statuses.count(429) == 1
    assert client.post("/api/chat", json={"message": "hi"}).headers["X-RateLimit-Limit"]


def test_unreadable_limit_is_a_clear_error(make_app: Callable[..., Flask]) -> None:
    with pytest.raises(ConfigError, match="IOP_FAQ_CHAT_LIMIT='lots' is not valid"):
        make_app(IOP_FAQ_CHAT_LIMIT="lots")


def test_unknown_storage_is_a_clear_error(make_app: Callable[..., Flask]) -> None:
    with pytest.raises(ConfigError, match="IOP_FAQ_RATELIMIT_STORAGE_URI='bogus://x'"):
        make_app(IOP_FAQ_RATELIMIT_STORAGE_URI="bogus://x")


def test_unreachable_storage_falls_back_to_memory(make_app: Callable[..., Flask]) -> None:
    pytest.importorskip("redis")
    client = make_app(
        IOP_FAQ_RATELIMIT_STORAGE_URI="redis://127.0.0.1:1", IOP_FAQ_CHAT_LIMIT="2/minute"
    ).test_client()
    assert [ask(client).status_code for _ in range(3)] == [200, 200, 429]


def test_limit_headers_count_down(make_app: Callable[..., Flask]) -> None:
    client = make_app(IOP_FAQ_CHAT_LIMIT="3/minute").test_client()
    remaining = [int(ask(client).headers["X-RateLimit-Remaining"]) for _ in range(3)]
    assert remaining == [2, 1, 0]
    assert "X-RateLimit-Limit" not in client.get("/api/health").headers


class FlakyStorage(MemoryStorage):
    """Memory storage that fails while `down` is set, as an unreachable Redis would."""

    def __init__(self) -> None:
        super().__init__()
        self.down = False

    def incr(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.down:
            raise StorageError(ConnectionError("refused"))
        return super().incr(*args, **kwargs)

    def check(self) -> bool:
        return not self.down


def test_counting_returns_to_the_storage_once_it_answers() -> None:
    storage = FlakyStorage()
    now = [0.0]
    limiter = RateLimiter(
        parse_limits("2/minute"), StoredWindows(storage), recheck_seconds=30, clock=lambda: now[0]
    )
    storage.down = True
    assert limiter.hit("a").allowed and limiter.storage_is_down
    storage.down = False
    now[0] = 10.0
    limiter.hit("a")
    assert limiter.storage_is_down  # not rechecked before recheck_seconds
    now[0] = 45.0
    assert limiter.hit("a").allowed and not limiter.storage_is_down
    assert [limiter.hit("a").allowed for _ in range(2)] == [True, False]


def test_tightest_limit_sets_the_headers() -> None:
    limiter = RateLimiter(parse_limits("30/minute;2/second"), LocalWindows())
    verdict = limiter.hit("a")
    assert (verdict.limit.amount, verdict.remaining) == (2, 1)
    limiter.hit("a")
    refused = limiter.hit("a")
    assert not refused.allowed and int(refused.headers()["Retry-After"]) >= 1


def test_local_window_restarts_after_its_length() -> None:
    now = [100.0]
    windows = LocalWindows(clock=lambda: now[0])
    assert [windows.hit("a", 60) for _ in range(2)] == [(1, 160.0), (2, 160.0)]
    now[0] = 159.9
    assert windows.hit("a", 60) == (3, 160.0)
    now[0] = 160.0
    assert windows.hit("a", 60) == (1, 220.0)
    assert windows.hit("b", 60) == (1, 220.0)


def test_local_windows_sweep_out_expired_keys() -> None:
    now = [0.0]
    windows = LocalWindows(sweep_seconds=10, clock=lambda: now[0])
    for client in range(100):
        windows.hit(f"client-{client}", 5)
    assert len(windows) == 100
    now[0] = 11.0
    windows.hit("late", 5)
    assert len(windows) == 1


def test_local_windows_count_every_hit_across_threads() -> None:
    windows = LocalWindows()
    with ThreadPoolExecutor(max_workers=8) as pool:
        counts = list(pool.map(lambda _: windows.hit("a", 60)[0], range(400)))
    assert sorted(counts) == list(range(1, 401))


def test_stored_windows_count_in_the_storage() -> None:
    storage = MemoryStorage()
    windows = StoredWindows(storage)
    first = windows.hit("a", 60)
    second = windows.hit("a", 60)
    assert (first[0], second[0]) == (1, 2) and storage.get("a") == 2
    assert second[1] == pytest.approx(time.time() + 60, abs=5)


def test_memory_uri_counts_in_this_process_and_others_in_a_storage() -> None:
    assert isinstance(open_windows("memory://"), LocalWindows)
    pytest.importorskip("redis")
    assert isinstance(open_windows("redis://127.0.0.1:1"), StoredWindows)
    with pytest.raises(ConfigError, match="not usable"):
        open_windows("bogus://x")


def test_refused_requests_do_not_use_up_the_allowance() -> None:
    now = [1000.0]
    windows = LocalWindows(clock=lambda: now[0])
    limiter = RateLimiter(parse_limits("3/minute;1/second"), windows)
    assert limiter.hit("a").allowed
    assert [limiter.hit("a").allowed for _ in range(10)] == [False] * 10  # the second is full
    now[0] += 1.5
    assert limiter.hit("a").allowed  # the refusals did not count against the minute
    now[0] += 1.5
    assert limiter.hit("a").allowed


def test_retry_after_is_the_real_wait() -> None:
    now = [1000.0]
    windows = LocalWindows(clock=lambda: now[0])
    limiter = RateLimiter(parse_limits("2/minute;5/second"), windows)
    assert limiter.hit("a").allowed and limiter.hit("a").allowed
    now[0] += 0.5
    refused = limiter.hit("a")
    assert not refused.allowed
    wait = refused.reset_at - now[0]
    assert 59 <= wait <= 60  # the minute is full: waiting one second would not do
    now[0] += wait
    assert limiter.hit("a").allowed


def test_retry_after_header_is_followed_by_an_accepted_request(
    make_app: Callable[..., Flask],
) -> None:
    client = make_app(IOP_FAQ_CHAT_LIMIT="2/second;100/minute").test_client()
    statuses = [ask(client).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    wait = int(ask(client).headers["Retry-After"])
    assert wait == 1
    time.sleep(wait + 0.05)
    assert ask(client).status_code == 200
