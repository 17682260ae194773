"""Bounded HTTP load with wrk: a Lua script POSTs a rotating mix of chat bodies."""

from __future__ import annotations

import json
import signal
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.tools import ensure
from bench.workload import Turn

MARKER = "BENCH_JSON "

_SCRIPT = """
local bodies = {BODIES}
local counter = 0
local threads = {}

function setup(thread)
  thread:set("offset", #threads * 7)
  table.insert(threads, thread)
end

function init(args)
  counter = offset or 0
end

request = function()
  counter = counter + 1
  local body = bodies[(counter % #bodies) + 1]
  return wrk.format("POST", "{PATH}", {["Content-Type"] = "application/json"}, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "{MARKER}{\\"requests\\": %d, \\"duration_us\\": %d, \\"bytes\\": %d, " ..
    "\\"connect\\": %d, \\"read\\": %d, \\"write\\": %d, \\"status\\": %d, \\"timeout\\": %d, " ..
    "\\"p50_us\\": %d, \\"p90_us\\": %d, \\"p99_us\\": %d, \\"max_us\\": %d, \\"mean_us\\": %f}\\n",
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
"""


@dataclass(frozen=True)
class Load:
    """How hard and how long to push."""

    seconds: int = 10
    threads: int = 2
    connections: int = 16


def _lua_string(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"


def write_script(turns: Sequence[Turn], path: Path, url_path: str = "/api/chat") -> Path:
    """A Lua script cycling through the turns as `{"message", "context"}` bodies."""
    bodies = [json.dumps({"message": t.message, "context": t.context}) for t in turns]
    text = (
        _SCRIPT.replace("{BODIES}", "{" + ", ".join(_lua_string(b) for b in bodies) + "}")
        .replace("{PATH}", url_path)
        .replace("{MARKER}", MARKER)
    )
    path.write_text(text)
    return path


def start(url: str, script: Path, load: Load) -> subprocess.Popen:
    """Start wrk in the background (stop it early with `finish(process, interrupt=True)`)."""
    program = ensure("wrk")
    return subprocess.Popen(
        [
            program,
            f"-t{load.threads}",
            f"-c{load.connections}",
            f"-d{load.seconds}s",
            "--timeout",
            "5s",
            "--latency",
            "-s",
            str(script),
            url,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen, interrupt: bool = False) -> dict[str, Any]:
    """Wait for wrk (after SIGINT, which makes it stop and report, if `interrupt`)."""
    if interrupt:
        process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    lines = [line for line in stdout.splitlines() if line.startswith(MARKER)]
    if process.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed ({process.returncode}):\n{stdout}\n{stderr}")
    raw = json.loads(lines[-1][len(MARKER) :])
    seconds = raw["duration_us"] / 1e6
    socket_errors = raw["connect"] + raw["read"] + raw["write"] + raw["timeout"]
    return {
        "requests": raw["requests"],
        "seconds": seconds,
        "rps": raw["requests"] / seconds if seconds else 0.0,
        "p50_ms": raw["p50_us"] / 1000,
        "p90_ms": raw["p90_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "non_2xx": raw["status"],
        "socket_errors": socket_errors,
        "errors": raw["status"] + socket_errors,
    }


def run(url: str, script: Path, load: Load) -> dict[str, Any]:
    """Run wrk once; requests/s, latency percentiles (ms) and error counts."""
    return finish(start(url, script, load))
