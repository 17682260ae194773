"""The OpenAPI description and the server agree: schemathesis, every check, 0 failures."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.web.live import live_server

MAX_EXAMPLES = "40"  # per operation and phase: about half a minute in all


def schemathesis_command() -> list[str]:
    found = shutil.which("schemathesis") or shutil.which("st")
    if found:
        return [found]
    return [sys.executable, "-m", "schemathesis.cli"]


def test_schemathesis_finds_no_mismatch(index_path: Path, tmp_path: Path) -> None:
    pytest.importorskip("schemathesis")
    limits = {"IOP_FAQ_CHAT_LIMIT": "100000/second"}  # generated requests must not be throttled
    with live_server(index_path, env=limits) as server:
        run = subprocess.run(
            [
                *schemathesis_command(),
                "run",
                server.url("/api/openapi.json"),
                "--checks",
                "all",
                "--max-examples",
                MAX_EXAMPLES,
                "--request-timeout",
                "10",
                "--max-failures",
                "5",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,  # its cassettes and reports stay out of the checkout
            env={**os.environ, "NO_COLOR": "1", "SCHEMATHESIS_HOOKS": ""},
        )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "No issues found" in run.stdout
