"""Cold start: `iop-faq --help` and a first `iop-faq ask` in fresh processes, and what each
import costs (`python -X importtime`)."""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.paths import project_root
from knowledge.build import KnowledgeConfig, build_index

QUESTION = "how long does iop last?"
HEAVY = ("sklearn", "nltk", "scipy", "flask", "gunicorn")
_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IOP_FAQ_")}
    env["PYTHONPATH"] = os.pathsep.join([str(project_root()), env.get("PYTHONPATH", "")])
    return env


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=_environment())
    return time.perf_counter() - started


def import_costs(command: list[str], top: int = 8) -> dict[str, Any]:
    """Import time per package (cumulative, counted where another package or the program
    imports it), biggest first, and which heavy packages the run loaded at all."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *command[1:]],
        check=True,
        capture_output=True,
        text=True,
        env=_environment(),
    )
    costs: dict[str, float] = {}
    loaded: set[str] = set()
    importers: list[str] = []  # the package importing at each depth
    for line in reversed(done.stderr.splitlines()):  # reversed: importers before what they import
        match = _IMPORT_LINE.match(line)
        if not match:
            continue
        name, depth = match.group(4), (len(match.group(3)) - 1) // 2
        package = name.split(".")[0]
        loaded.update(h for h in HEAVY if name == h or name.startswith(h + "."))
        del importers[depth:]
        if not importers or importers[-1] != package:
            costs[package] = costs.get(package, 0.0) + int(match.group(2)) / 1e6
        importers.append(package)
    ranked = sorted(costs.items(), key=lambda item: item[1], reverse=True)[:top]
    return {"top": ranked, "heavy_loaded": sorted(loaded)}


def run(workdir: Path, rounds: int = 5) -> dict[str, Any]:
    """Median wall time of `--help` and of a cold `ask` (index already built) over `rounds`
    fresh processes each, and the import costs of one `ask`."""
    index = build_index(KnowledgeConfig.default()).save(workdir / "startup-index.joblib")
    cli = [sys.executable, "-m", "bot.cli"]
    commands = {
        "help": [*cli, "--help"],
        "ask": [*cli, "ask", "--index", str(index), QUESTION],
    }
    for command in commands.values():  # warm the file cache and byte-code
        _timed(command)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            samples[name].append(_timed(command))
    return {
        "rounds": rounds,
        "help_s": statistics.median(samples["help"]),
        "ask_s": statistics.median(samples["ask"]),
        "ask_imports": import_costs(commands["ask"]),
        "help_imports": import_costs(commands["help"]),
    }


def format_result(r: dict[str, Any]) -> str:
    lines = [
        f"iop-faq --help      {r['help_s']:.3f} s (median of {r['rounds']} fresh processes)",
        f"iop-faq ask (cold)  {r['ask_s']:.3f} s",
        "ask imports (cumulative s): "
        + ", ".join(f"{name} {s:.3f}" for name, s in r["ask_imports"]["top"]),
        "heavy packages loaded by ask: " + (", ".join(r["ask_imports"]["heavy_loaded"]) or "none"),
        "heavy packages loaded by --help: "
        + (", ".join(r["help_imports"]["heavy_loaded"]) or "none"),
    ]
    return "\n".join(lines)
