"""`iop-faq serve`: clear failures at start, gunicorn settings, and a real run."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
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


def test_gunicorn_loads_the_app_before_forking() -> None:
    config = ServeOptions(host="127.0.0.1", port=8001, workers=4).gunicorn_config()
    assert config["bind"] == "127.0.0.1:8001"
    assert config["workers"] == 4
    assert config["preload_app"] is True
    assert config["accesslog"] is None


def wait_for_port(process: subprocess.Popen, timeout: float = 20) -> int:
    deadline = time.monotonic() + timeout
    assert process.stderr is not None
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        match = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", line)
        if match:
            return int(match.group(1))
        assert process.poll() is None, "the server stopped"
    raise AssertionError("the server did not start")


def test_serve_runs_gunicorn(index_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "bot.cli",
        "serve",
        "--index",
        str(index_path),
        "--port",
        "0",
        "--workers",
        "1",
    ]
    process = subprocess.Popen(
        command,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    try:
        port = wait_for_port(process)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=10) as answer:
            health = json.load(answer)
        assert health["status"] == "ok" and health["passages"] > 0
    finally:
        process.terminate()
        process.wait(timeout=20)
        assert process.stderr is not None
        process.stderr.close()


def test_serve_refuses_bad_settings(index_path: Path) -> None:
    env = {"IOP_FAQ_INDEX": str(index_path), "IOP_FAQ_CHAT_LIMIT": "lots"}
    result = CliRunner().invoke(main, ["serve"], env=env)
    assert result.exit_code == 1
    assert "Error: IOP_FAQ_CHAT_LIMIT='lots' is not valid" in result.output
