"""The app factory: configuration, the index loaded once, clear failures at start."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.errors import IndexCorruptError, IndexMissingError
from web import create_app
from web.config import ConfigError


def test_index_is_loaded_once_per_app(index_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[Path] = []
    import web.holder

    real = web.holder.load_index

    def counting(path: Path):
        loads.append(path)
        return real(path)

    monkeypatch.setattr(web.holder, "load_index", counting)
    app = create_app({"TESTING": True, "IOP_FAQ_INDEX": str(index_path)})
    client = app.test_client()
    for _ in range(3):
        client.post("/api/chat", json={"message": "hello"})
        client.get("/api/health")
    assert loads == [index_path]


def test_state_lives_on_the_app(index_path: Path) -> None:
    first = create_app({"IOP_FAQ_INDEX": str(index_path)})
    second = create_app({"IOP_FAQ_INDEX": str(index_path)})
    assert first.extensions["iop_faq"].bot is not second.extensions["iop_faq"].bot


def test_replies_are_cached_unless_the_cache_is_off(index_path: Path) -> None:
    cached = create_app({"TESTING": True, "IOP_FAQ_INDEX": str(index_path)})
    uncached = create_app(
        {"TESTING": True, "IOP_FAQ_INDEX": str(index_path), "IOP_FAQ_REPLY_CACHE": 0}
    )
    replies = []
    for app in (cached, uncached):
        client = app.test_client()
        replies.append([client.post("/api/chat", json={"message": "hi"}).get_json() for _ in "ab"])
    assert replies[0] == replies[1]
    assert cached.extensions["iop_faq"].bot.hits == 1
    assert not hasattr(uncached.extensions["iop_faq"].bot, "hits")


def test_missing_index_fails_at_start(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match="no index at .*train"):
        create_app({"IOP_FAQ_INDEX": str(tmp_path / "none.joblib")})


def test_corrupt_index_fails_at_start(tmp_path: Path) -> None:
    broken = tmp_path / "index.joblib"
    broken.write_bytes(b"not an index")
    with pytest.raises(IndexCorruptError) as caught:
        create_app({"IOP_FAQ_INDEX": str(broken)})
    assert "\n" not in str(caught.value)


def test_index_path_from_the_environment(index_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOP_FAQ_INDEX", str(index_path))
    app = create_app({"TESTING": True})
    assert app.test_client().get("/api/health").status_code == 200


def test_environment_settings_apply_when_not_passed(
    index_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOP_FAQ_CHAT_LIMIT", "2/minute")
    monkeypatch.setenv("MAX_CONTENT_LENGTH", "64")
    client = create_app({"TESTING": True, "IOP_FAQ_INDEX": str(index_path)}).test_client()
    assert client.post("/api/chat", json={"message": "x" * 100}).status_code == 413
    assert client.post("/api/chat", json={"message": "hi"}).status_code == 200
    assert client.post("/api/chat", json={"message": "hi"}).status_code == 429


def test_passed_settings_win_over_the_environment(
    index_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOP_FAQ_CHAT_LIMIT", "1/minute")
    app = create_app(
        {"TESTING": True, "IOP_FAQ_INDEX": str(index_path), "IOP_FAQ_CHAT_LIMIT": "100/minute"}
    )
    client = app.test_client()
    assert [client.post("/api/chat", json={"message": "hi"}).status_code for _ in range(3)] == [
        200,
        200,
        200,
    ]


def test_unreadable_environment_setting_is_a_clear_error(
    index_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOP_FAQ_RELOAD_SECONDS", "soon")
    with pytest.raises(ConfigError, match="IOP_FAQ_RELOAD_SECONDS='soon' is not valid"):
        create_app({"IOP_FAQ_INDEX": str(index_path)})
