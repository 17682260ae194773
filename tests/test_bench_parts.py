"""Pieces of the HTTP benchmark that decide what is measured."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import http, soak
from bench.stub_app import QUESTION
from bench.stub_app import create_app as create_stub_app
from web import create_app


def test_stored_reply_app_answers_everything_with_one_reply_through_the_whole_app(
    index_path: Path,
) -> None:
    config = {"TESTING": True, "IOP_FAQ_INDEX": str(index_path)}
    stub = create_stub_app(config).test_client()
    shipped = create_app(config).test_client()
    expected = shipped.post("/api/chat", json={"message": QUESTION}).get_json()
    for message in ("hi", "is there one for teens?", QUESTION):
        response = stub.post("/api/chat", json={"message": message})
        assert response.status_code == 200 and response.get_json() == expected
        assert response.headers["X-RateLimit-Limit"] and response.headers["Content-Security-Policy"]
    assert stub.post("/api/chat", json={"nope": 1}).status_code == 400


def test_variants_run_at_the_largest_worker_count_beside_the_shipped_pair() -> None:
    labels = [(t.label, t.workers) for t in http.targets((1, 2), variants=True)]
    assert labels == [
        ("echo", 1),
        ("chat", 1),
        ("echo", 2),
        ("chat", 2),
        ("chat (no reply cache)", 2),
        ("chat (limits in Redis)", 2),
        ("chat (access log on)", 2),
        ("chat (one stored reply)", 2),
    ]
    stub = http.targets((1, 2), variants=True)[-1]
    assert "stub" in http.command(stub, 8000, Path("index.joblib"))


def test_the_no_cache_variant_turns_the_shipped_apps_cache_off() -> None:
    fresh = next(t for t in http.targets((2,), variants=True) if not t.reply_cache)
    assert http.command(fresh, 8000, Path("i")) == http.command(
        http.Target("chat", 2), 8000, Path("i")
    )
    env = http.app_env(Path("i"), reply_cache=fresh.reply_cache)
    assert env["IOP_FAQ_REPLY_CACHE"] == "0"
    assert "IOP_FAQ_REPLY_CACHE" not in http.app_env(Path("i"))


def test_the_access_log_variant_turns_the_shipped_apps_access_log_on() -> None:
    logged = next(t for t in http.targets((2,), variants=True) if t.access_log)
    assert http.command(logged, 8000, Path("i")) == http.command(
        http.Target("chat", 2), 8000, Path("i")
    )
    assert http.app_env(Path("i"), access_log=logged.access_log)["IOP_FAQ_ACCESS_LOG"] == "1"
    assert "IOP_FAQ_ACCESS_LOG" not in http.app_env(Path("i"))


def test_soak_replays_the_dev_set_when_it_sits_beside_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dev_set = tmp_path / "dev.jsonl"
    dev_set.write_text(
        '{"id": "a", "kind": "answer", "q": "how long is it?", "any": ["weeks"]}\n\n'
        '{"id": "b", "kind": "followup", "q": "and for teens?", "context": ["what is iop"]}\n'
    )
    monkeypatch.setattr(soak, "dev_set_path", lambda: dev_set)
    assert soak.questions() == [("how long is it?", []), ("and for teens?", ["what is iop"])]
    monkeypatch.setattr(soak, "dev_set_path", lambda: tmp_path / "absent.jsonl")
    assert soak.questions() == [(q, []) for q in soak.FALLBACK_QUESTIONS]
