"""Start and stop the servers the HTTP benchmarks talk to: gunicorn apps and Redis."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.paths import project_root
from bench.tools import ensure

HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A running server process and where it listens."""

    process: subprocess.Popen
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def tree(self) -> list[int]:
        """The process and its descendants."""
        return [self.process.pid, *descendants(self.process.pid)]

    def worker_cpu(self) -> dict[int, float]:
        """CPU seconds (user + system) used so far by each worker process."""
        tree = self.tree()
        parents = {s["ppid"] for s in (_status(pid) for pid in tree) if s}
        return {pid: cpu for pid in tree if pid not in parents and (cpu := _cpu(pid)) is not None}

    def memory(self) -> dict[str, Any]:
        """Resident and peak resident memory (MiB) of the master and of each worker."""
        procs = {pid: _status(pid) for pid in self.tree()}
        procs = {pid: s for pid, s in procs.items() if s}
        parents = {s["ppid"] for s in procs.values()}
        workers = [s for pid, s in procs.items() if pid not in parents]
        return {
            "processes": len(procs),
            "workers": len(workers),
            "worker_rss_mb": [round(s["rss_mb"], 1) for s in workers],
            "worker_peak_rss_mb": [round(s["hwm_mb"], 1) for s in workers],
            "total_rss_mb": round(sum(s["rss_mb"] for s in procs.values()), 1),
        }


def descendants(pid: int) -> list[int]:
    """All descendants of a process (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            status = _status(int(entry.name))
            if status:
                children.setdefault(status["ppid"], []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def _cpu(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _status(pid: int) -> dict[str, Any] | None:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)

    def kib(key: str) -> float:
        return int(fields.get(key, "0 kB").split()[0]) / 1024

    return {"ppid": int(fields["PPid"]), "rss_mb": kib("VmRSS"), "hwm_mb": kib("VmHWM")}


def wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    """Poll `GET /api/health` until it answers 200."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text()[-3000:]
            raise RuntimeError(f"server exited with {process.returncode}:\n{tail}")
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    tail = log.read_text()[-3000:]
    raise RuntimeError(f"server at {url} not healthy after {timeout:.0f} s:\n{tail}")


def _bind(port: int, workers: int) -> list[str]:
    """The options every server command shares: where it listens, and with how many workers."""
    return ["--host", HOST, "--port", str(port), "--workers", str(workers)]


def app_command(port: int, workers: int, index: Path) -> list[str]:
    """`iop-faq serve` for the chat app."""
    return [sys.executable, "-m", "bot.cli", "serve", *_bind(port, workers), "--index", str(index)]


def launch_command(kind: str, port: int, workers: int, overrides: Sequence[str] = ()) -> list[str]:
    """`bench.launch`: the echo app (or the chat app) under `iop-faq serve`'s gunicorn settings."""
    command = [sys.executable, "-m", "bench.launch", kind, *_bind(port, workers)]
    for item in overrides:
        command += ["--set", item]
    return command


@contextmanager
def running(
    command: Sequence[str], port: int, log_dir: Path, env: Mapping[str, str] | None = None
) -> Iterator[Server]:
    """Start a server, wait until it is healthy, and stop it (SIGTERM, then SIGKILL) after."""
    log = log_dir / f"server-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            list(command),
            cwd=project_root(),
            env={**os.environ, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(process, port, log)
    try:
        wait_healthy(server.url, process, log)
        yield server
    finally:
        stop(process)


def stop(process: subprocess.Popen, timeout: float = 15) -> None:
    """Terminate a process we started, then its group if it lingers."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


@contextmanager
def redis_server(log_dir: Path) -> Iterator[str]:
    """A throwaway Redis on a free port (no persistence); yields its URI."""
    program = ensure("redis-server")
    port = free_port()
    log = log_dir / f"redis-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [program, "--bind", HOST, "--port", str(port), "--save", "", "--appendonly", "no"],
            cwd=log_dir,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_redis(port, process)
        yield f"redis://{HOST}:{port}"
    finally:
        stop(process)


def _wait_redis(port: int, process: subprocess.Popen, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("redis-server exited early")
        try:
            with socket.create_connection((HOST, port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(64).startswith(b"+PONG"):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"redis-server did not answer on port {port}")


def post_json(
    url: str, payload: Mapping[str, Any], timeout: float = 10, source: str | None = None
) -> tuple[int, dict[str, Any]]:
    """POST a JSON object, optionally from a given loopback address; status and decoded body."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=timeout, source_address=(source, 0) if source else None
    )
    try:
        headers = {"Content-Type": "application/json"}
        connection.request("POST", parts.path, body=json.dumps(payload), headers=headers)
        response = connection.getresponse()
        raw = response.read()
    finally:
        connection.close()
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        body = {"raw": raw.decode(errors="replace")}
    return response.status, body if isinstance(body, dict) else {"raw": body}
