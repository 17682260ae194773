"""`iop-faq serve`: clear failures at start, gunicorn settings, and a real run."""

from __future__ import annotations

import copy
from pathlib import Path

import joblib
import pytest
from click.testing import CliRunner

from bot.cli import main
from knowledge.build import KnowledgeConfig, load_index
from knowledge.index import KnowledgeIndex
from tests.web.live import live_server, timed_json
from web.server import ServeOptions


def test_serve_is_a_command_of_iop_faq() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for flag in ("--host", "--port", "--workers", "--index", "--debug"):
        assert flag in result.output


def test_serve_refuses_a_missing_index(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--index", str(tmp_path / "none.joblib")])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("Error: no index at")
    assert "train" in lines[-1]
    assert "Traceback" not in result.output


def test_serve_refuses_a_corrupt_index(tmp_path: Path) -> None:
    broken = tmp_path / "index.joblib"
    broken.write_text("nope")
    result = CliRunner().invoke(main, ["serve", "--index", str(broken)])
    assert result.exit_code == 1
    assert "unreadable" in result.output and "Traceback" not in result.output


def test_serve_reads_options_from_the_environment(
    index_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[ServeOptions] = []
    monkeypatch.setattr("web.server.run_gunicorn", lambda app, options: seen.append(options))
    env = {
        "IOP_FAQ_HOST": "0.0.0.0",
        "IOP_FAQ_PORT": "9123",
        "IOP_FAQ_WORKERS": "3",
        "IOP_FAQ_INDEX": str(index_path),
    }
    result = CliRunner().invoke(main, ["serve"], env=env)
    assert result.exit_code == 0, result.output
    assert seen == [ServeOptions(host="0.0.0.0", port=9123, workers=3)]


def test_debug_uses_the_development_server(
    index_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    used: list[str] = []
    monkeypatch.setattr("web.server.run_gunicorn", lambda app, options: used.append("gunicorn"))
    monkeypatch.setattr("web.server.run_development", lambda app, options: used.append("flask"))
    result = CliRunner().invoke(main, ["serve", "--debug", "--index", str(index_path)])
    assert result.exit_code == 0, result.output
    assert used == ["flask"]


@pytest.mark.parametrize("fault", ["built from files since deleted", "from another version"])
def test_serve_rebuilds_a_default_index_it_cannot_trust(
    index: KnowledgeIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    # `serve` without --index opens the default cache as `ask` does: one built from a checkout
    # since deleted, or by another version, is rebuilt before the app loads it, not served.
    monkeypatch.delenv("IOP_FAQ_INDEX", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cached = tmp_path / "iop-faq" / "index.joblib"
    cached.parent.mkdir()
    if fault == "from another version":
        joblib.dump({"format": "iop-faq-index", "version": 0, "index": None}, cached)
    else:
        elsewhere = copy.deepcopy(index)
        gone = tmp_path / "deleted-checkout"
        elsewhere.metadata.update(sources_dir=str(gone / "sources"), data_dir=str(gone / "data"))
        elsewhere.save(cached)
    builds: list[KnowledgeConfig] = []
    monkeypatch.setattr("knowledge.store.build_index", lambda c: builds.append(c) or index)
    served: list[str] = []
    monkeypatch.setattr("web.server.run_gunicorn", lambda app, _: served.append(app.name))
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 0, result.output
    assert builds == [KnowledgeConfig.default()] and len(served) == 1
    assert "Building the default index" in result.output
    assert load_index(cached).metadata == index.metadata


def test_gunicorn_loads_the_app_before_forking() -> None:
    config = ServeOptions(host="127.0.0.1", port=8001, workers=4).gunicorn_config()
    assert config["bind"] == "127.0.0.1:8001"
    assert config["workers"] == 4
    assert config["preload_app"] is True
    assert config["accesslog"] is None


def test_serve_runs_gunicorn(index_path: Path) -> None:
    with live_server(index_path) as server:
        status, health, _ = timed_json(server.url("/api/health"), timeout=10)
    assert status == 200 and health["status"] == "ok" and health["passages"] > 0


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "example.org", "::"])
def test_debug_refuses_a_host_others_can_reach(index_path: Path, host: str) -> None:
    result = CliRunner().invoke(
        main, ["serve", "--debug", "--host", host, "--index", str(index_path)]
    )
    assert result.exit_code == 1
    assert "--debug serves only on a loopback address" in result.output
    assert "Traceback" not in result.output


def test_debug_server_has_no_debugger_and_no_server_header(
    index_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[dict] = []
    monkeypatch.setattr("flask.Flask.run", lambda app, **kwargs: runs.append(kwargs))
    result = CliRunner().invoke(main, ["serve", "--debug", "--index", str(index_path)])
    assert result.exit_code == 0, result.output
    [kwargs] = runs
    assert kwargs["use_debugger"] is False and kwargs["host"] == "127.0.0.1"
    handler = kwargs["request_handler"]
    sent: list[tuple[str, str]] = []
    monkeypatch.setattr(
        "http.server.BaseHTTPRequestHandler.send_header",
        lambda self, name, value: sent.append((name, value)),
    )
    instance = handler.__new__(handler)
    instance.send_header("Server", "Werkzeug/3")
    instance.send_header("Content-Type", "application/json")
    assert sent == [("Content-Type", "application/json")]


def test_trusting_proxies_warns_that_the_port_must_be_private(
    make_app, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING", logger="iop_faq.web"):
        make_app(IOP_FAQ_PROXY_COUNT=1)
    assert "reachable only through the proxy" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="iop_faq.web"):
        make_app(IOP_FAQ_PROXY_COUNT=0)
    assert "proxy" not in caplog.text
