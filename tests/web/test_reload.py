"""The server picks up a rebuilt index without a restart and without failing a request."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask

from knowledge.index import KnowledgeIndex
from web.holder import BotHolder, file_stamp


@pytest.fixture
def live_path(index_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "live" / "index.joblib"
    path.parent.mkdir()
    shutil.copy(index_path, path)
    return path


def rebuilt(index: KnowledgeIndex, path: Path, built_at: str) -> None:
    """Write a new index the way train.py does: temp file, then os.replace."""
    index.metadata["built_at"], original = built_at, index.metadata["built_at"]
    try:
        index.save(path)
    finally:
        index.metadata["built_at"] = original


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_reloads_after_the_interval(live_path: Path, index: KnowledgeIndex) -> None:
    clock = Clock()
    holder = BotHolder(live_path, interval=2.0, clock=clock)
    first = holder.bot
    rebuilt(index, live_path, "2030-01-01T00:00:00+00:00")
    clock.now = 1.0
    assert holder.bot is first
    clock.now = 2.5
    assert holder.bot is not first
    assert holder.bot.index.metadata["built_at"] == "2030-01-01T00:00:00+00:00"


def test_unchanged_file_is_not_reloaded(live_path: Path) -> None:
    loads: list[Path] = []

    def loader(path: Path):
        loads.append(path)
        return object()

    clock = Clock()
    holder = BotHolder(live_path, interval=1.0, loader=loader, clock=clock)
    for step in range(1, 6):
        clock.now = step * 1.5
        holder.bot  # noqa: B018
    assert len(loads) == 1


def test_failed_reload_keeps_the_old_bot_and_warns(
    live_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clock = Clock()
    holder = BotHolder(live_path, interval=1.0, clock=clock)
    first = holder.bot
    broken = live_path.with_suffix(".tmp")
    broken.write_bytes(b"garbage")
    os.replace(broken, live_path)
    clock.now = 5.0
    with caplog.at_level(logging.WARNING, logger="iop_faq.web"):
        assert holder.bot is first
    assert "index reload failed" in caplog.text
    assert "train" in caplog.text


def test_missing_file_keeps_the_old_bot(live_path: Path) -> None:
    clock = Clock()
    holder = BotHolder(live_path, interval=1.0, clock=clock)
    first = holder.bot
    live_path.unlink()
    clock.now = 5.0
    assert holder.bot is first
    assert file_stamp(live_path) is None


def test_zero_interval_never_reloads(live_path: Path, index: KnowledgeIndex) -> None:
    clock = Clock()
    holder = BotHolder(live_path, interval=0, clock=clock)
    first = holder.bot
    rebuilt(index, live_path, "2031-01-01T00:00:00+00:00")
    clock.now = 100.0
    assert holder.bot is first


def test_app_serves_the_rebuilt_index_without_failing_requests(
    make_app: Callable[..., Flask], live_path: Path, index: KnowledgeIndex
) -> None:
    app = make_app(IOP_FAQ_INDEX=str(live_path), IOP_FAQ_RELOAD_SECONDS=0.05)
    client = app.test_client()
    before = client.get("/api/health").get_json()["built_at"]
    statuses: list[int] = []
    stop = threading.Event()

    def keep_asking() -> None:
        local = app.test_client()
        while not stop.is_set():
            statuses.append(local.post("/api/chat", json={"message": "what is IOP?"}).status_code)

    asker = threading.Thread(target=keep_asking)
    asker.start()
    try:
        rebuilt(index, live_path, "2032-02-02T00:00:00+00:00")
        deadline = time.monotonic() + 10
        while client.get("/api/health").get_json()["built_at"] == before:
            assert time.monotonic() < deadline, "the rebuilt index was not picked up"
            time.sleep(0.06)
    finally:
        stop.set()
        asker.join()
    assert client.get("/api/health").get_json()["built_at"] == "2032-02-02T00:00:00+00:00"
    assert statuses and set(statuses) == {200}


def test_a_reloaded_index_comes_with_an_empty_reply_cache(
    make_app: Callable[..., Flask], live_path: Path, index: KnowledgeIndex
) -> None:
    app = make_app(IOP_FAQ_INDEX=str(live_path), IOP_FAQ_RELOAD_SECONDS=0.01)
    client = app.test_client()
    holder = app.extensions["iop_faq"].holder
    for _ in range(3):
        client.post("/api/chat", json={"message": "what is IOP?"})
    old = holder.bot
    assert (len(old), old.hits) == (1, 2)
    rebuilt(index, live_path, "2033-03-03T00:00:00+00:00")
    time.sleep(0.05)
    client.post("/api/chat", json={"message": "what is IOP?"})
    new = holder.bot
    assert new is not old
    assert new.index.metadata["built_at"] == "2033-03-03T00:00:00+00:00"
    assert (len(new), new.hits) == (1, 0)


def test_truncated_index_while_serving_fails_no_request_and_shows_degraded(
    make_app: Callable[..., Flask], live_path: Path, index: KnowledgeIndex
) -> None:
    app = make_app(IOP_FAQ_INDEX=str(live_path), IOP_FAQ_RELOAD_SECONDS=0.01)
    client = app.test_client()
    good = live_path.read_bytes()
    statuses = []
    for offset in (10, 1000, len(good) // 3, len(good) - 40):
        broken = live_path.with_suffix(".part")
        broken.write_bytes(good[:offset])
        os.replace(broken, live_path)
        time.sleep(0.02)
        statuses.append(client.post("/api/chat", json={"message": "what is IOP?"}).status_code)
        health = client.get("/api/health")
        assert health.status_code == 200
        status = health.get_json()
        assert status["status"] == "degraded"
        assert "index reload failed" in status["problem"] and "train.py" in status["problem"]
        assert 0 <= status["next_check_in"] <= 0.01
        assert status["failed_at"] >= status["loaded_at"]
    assert set(statuses) == {200}
    rebuilt(index, live_path, "2034-04-04T00:00:00+00:00")
    time.sleep(0.02)
    status = client.get("/api/health").get_json()
    assert status["status"] == "ok" and "problem" not in status
    assert status["built_at"] == "2034-04-04T00:00:00+00:00"


def test_any_fault_while_loading_keeps_the_old_bot(live_path: Path) -> None:
    clock = Clock()
    calls = []

    def loader(path: Path):
        calls.append(path)
        if len(calls) > 1:
            raise RecursionError("maximum recursion depth exceeded")
        return object()

    holder = BotHolder(live_path, interval=1.0, loader=loader, clock=clock)
    first = holder.bot
    os.utime(live_path, ns=(1, 1))
    clock.now = 2.0
    assert holder.bot is first
    assert holder.failure is not None and "RecursionError" in holder.failure.reason


def test_a_background_reload_serves_the_old_bot_until_the_new_one_is_ready(
    live_path: Path,
) -> None:
    clock = Clock()
    release = threading.Event()
    threads: list[threading.Thread] = []
    bots = iter([object(), object()])

    def loader(path: Path) -> object:
        if threads:  # a reload, not the first load
            assert release.wait(5)
        return next(bots)

    def background(task: Callable[[], None]) -> None:
        threads.append(threading.Thread(target=task))
        threads[-1].start()

    holder = BotHolder(live_path, interval=1.0, loader=loader, clock=clock, background=background)
    first = holder.bot
    os.utime(live_path, ns=(1, 1))
    clock.now = 2.0
    assert holder.bot is first  # the reload started and is waiting
    clock.now = 4.0
    assert holder.bot is first and len(threads) == 1  # no second reload while one runs
    release.set()
    threads[0].join(5)
    assert holder.bot is not first


def test_a_served_bot_imports_its_stemmer_before_any_request(index_path):
    """A word the index never saw needs the stemmer; a server loads it with the bot, so the
    first such request does not pay for the import."""
    code = (
        "import sys; from pathlib import Path; from web.holder import load_bot; "
        f"load_bot(Path({str(index_path)!r})); print('snowballstemmer' in sys.modules)"
    )
    assert _printed_by_a_fresh_process(code) == "True"


def test_a_served_bot_compiles_its_patterns_before_any_request(index_path):
    """A server compiles every data-file pattern with the bot, before its workers fork, so no
    request pays for one: compiling again finds nothing left to do."""
    code = (
        "from pathlib import Path; from web.holder import load_bot; "
        f"print(load_bot(Path({str(index_path)!r})).compile_patterns())"
    )
    assert _printed_by_a_fresh_process(code) == "0"


def test_a_served_bot_is_kept_out_of_full_collections(index_path):
    """The loaded index is frozen out of the garbage collector's full passes, which would
    otherwise pause a request for tens of milliseconds."""
    code = (
        "import gc; from pathlib import Path; from web.holder import load_bot; "
        "before = gc.get_freeze_count(); "
        f"bot = load_bot(Path({str(index_path)!r})); "
        "print(gc.get_freeze_count() - before > 10000)"
    )
    assert _printed_by_a_fresh_process(code) == "True"


def test_a_served_bot_gives_back_the_memory_its_load_freed(index_path, monkeypatch):
    """Loading frees the index file's bytes and what was built on the way; the server gives
    those pages back to the operating system before its workers fork."""
    from web import holder

    trims: list[bool] = []
    monkeypatch.setattr(holder, "return_free_memory", lambda: trims.append(True))
    holder.load_bot(index_path)
    assert trims == [True]


def test_giving_memory_back_is_skipped_without_malloc_trim(monkeypatch):
    """A C library without `malloc_trim` (not glibc) leaves nothing to do, and no error."""
    from web import holder

    class NoTrim:
        def __init__(self, name: object) -> None:
            pass

    monkeypatch.setattr(holder.ctypes, "CDLL", NoTrim)
    holder.return_free_memory()


def _printed_by_a_fresh_process(code: str) -> str:
    """What `code` prints when run by a new Python process (which fails the test if it fails)."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.strip()
