"""Running `iop-faq serve` as a real process for tests that need real sockets."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class LiveServer:
    """A started server: its port and the lines it has logged so far."""

    process: subprocess.Popen
    port: int
    lines: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def log_text(self) -> str:
        return "\n".join(self.lines)


def read_port(process: subprocess.Popen, lines: list[str], timeout: float = 30) -> int:
    """The port gunicorn reports listening on (lines read on the way are kept)."""
    deadline = time.monotonic() + timeout
    assert process.stderr is not None
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        lines.append(line.rstrip("\n"))
        match = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", line)
        if match:
            return int(match.group(1))
        assert process.poll() is None, "the server stopped:\n" + "\n".join(lines)
    raise AssertionError("the server did not start")


@contextmanager
def live_server(
    index_path: Path, *args: str, env: dict[str, str] | None = None
) -> Iterator[LiveServer]:
    """`iop-faq serve` on a free loopback port with one worker, stopped afterwards."""
    command = [sys.executable, "-m", "bot.cli", "serve", "--index", str(index_path)]
    command += ["--port", "0", "--workers", "1", *args]
    process = subprocess.Popen(
        command,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})},
    )
    lines: list[str] = []
    try:
        server = LiveServer(process, read_port(process, lines), lines)
        reader = threading.Thread(target=_drain, args=(process, lines), daemon=True)
        reader.start()
        yield server
    finally:
        process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        assert process.stderr is not None
        process.stderr.close()


def _drain(process: subprocess.Popen, lines: list[str]) -> None:
    assert process.stderr is not None
    for line in process.stderr:
        lines.append(line.rstrip("\n"))


def timed_json(url: str, body: dict | None = None, timeout: float = 5) -> tuple[int, dict, float]:
    """(status, JSON body, seconds) of a GET, or of a POST when `body` is given."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, json.load(answer), time.perf_counter() - started
    except urllib.error.HTTPError as error:
        return error.code, json.load(error), time.perf_counter() - started
