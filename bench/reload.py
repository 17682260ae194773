"""Reload without restart: retrain into the served index path while wrk loads the server."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import servers, wrk
from bench.http import app_env, prepare, snapshot_config
from bench.paths import project_root

QUESTION = "Is there an IOP for commercial fishermen in Gloucester?"
FACT = "commercial fishermen"
ARTICLE = """# Evening IOP for Fishing Crews in Gloucester

## Who is the Harborview evening program for?

The Harborview Wellness Collective in Gloucester runs an evening intensive outpatient program
for commercial fishermen and their families. Groups meet on Monday, Wednesday and Thursday
evenings from 6 to 9 pm, so that crews can attend between trips.

## What does the Harborview program offer fishermen?

Participants who miss a session while at sea can make it up through a weekend catch-up group
held at the Gloucester harbor office. The program also gives each participant a free ferry
voucher for travel from Rockport.
"""


def modified_sources(workdir: Path) -> Path:
    """A copy of the shipped sources plus one article with a fact found nowhere else."""
    target = workdir / "sources-v2"
    shutil.copytree(snapshot_config(workdir).sources_dir, target)
    (target / "gloucester-evening-iop.md").write_text(ARTICLE, encoding="utf-8")
    return target


def ask(url: str) -> dict[str, Any]:
    status, body = servers.post_json(f"{url}/api/chat", {"message": QUESTION})
    answer = str(body.get("answer", ""))
    return {"status": status, "intent": body.get("intent"), "has_fact": FACT in answer.lower()}


def train(sources: Path, index: Path, log: Path) -> dict[str, Any]:
    """`python train.py --sources ... --index ...`, as an operator would run it."""
    started = time.perf_counter()
    with log.open("w") as out:
        done = subprocess.run(
            [
                sys.executable,
                "train.py",
                "--sources",
                str(sources),
                "--index",
                str(index),
                "--force",
            ],
            cwd=project_root(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return {"returncode": done.returncode, "seconds": time.perf_counter() - started}


def run(
    workdir: Path, eval_path: Path, load: wrk.Load, workers: int = 2, lead_s: float = 2.0
) -> dict[str, Any]:
    """Under load, retrain into the served path; new answers must follow with no failed request.

    The load starts `lead_s` before training, continues while the new answer is polled
    for, and stops `lead_s` after it came from every worker.
    """
    index, turns = prepare(workdir, eval_path)
    sources = modified_sources(workdir)
    script = wrk.write_script(turns, workdir / "reload.lua")
    port = servers.free_port()
    command = servers.app_command(port, workers, index)
    with servers.running(command, port, workdir, app_env(index)) as server:
        before = ask(server.url)
        # Open-ended load, interrupted once the new answers are confirmed.
        open_ended = wrk.Load(300, load.threads, load.connections)
        loader = wrk.start(f"{server.url}/api/chat", script, open_ended)
        try:
            time.sleep(lead_s)
            trained = train(sources, index, workdir / "train.log")
            trained_at = time.monotonic()
            checks, first_new = [], None
            # Ask while the load goes on, until enough consecutive new answers show that every
            # worker has reloaded.
            while time.monotonic() - trained_at < 15:
                check = ask(server.url)
                checks.append(check)
                if check["has_fact"] and first_new is None:
                    first_new = time.monotonic() - trained_at
                if len(checks) >= 20 and all(c["has_fact"] for c in checks[-20:]):
                    break
                time.sleep(0.05)
            time.sleep(lead_s)
        finally:
            outcome = wrk.finish(loader, interrupt=True)
    after = checks[-20:]
    return {
        "workers": workers,
        "load": outcome,
        "train": trained,
        "before": before,
        "after_all_new": bool(after) and all(c["has_fact"] for c in after),
        "after_checks": len(after),
        "first_new_answer_s": first_new,
        "passed": (
            trained["returncode"] == 0
            and outcome.get("errors", 1) == 0
            and not before["has_fact"]
            and bool(after)
            and all(c["has_fact"] for c in after)
        ),
    }


def format_result(result: dict[str, Any]) -> str:
    load = result["load"]
    return (
        f"reload under load ({result['workers']} workers): {load.get('requests', 0)} requests, "
        f"{load.get('errors', '?')} errors; train.py took {result['train']['seconds']:.1f} s "
        f"(exit {result['train']['returncode']})\n"
        f"  before: intent {result['before']['intent']}, new fact {result['before']['has_fact']}; "
        f"after: last {result['after_checks']} replies all new = {result['after_all_new']} "
        f"(first new answer {result['first_new_answer_s'] or float('nan'):.2f} s after train)\n"
        f"  {'PASS' if result['passed'] else 'FAIL'}"
    )
