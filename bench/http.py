"""`/api/chat` under `iop-faq serve` beside a bare Flask echo app, for 1 and 2 workers, with wrk."""

from __future__ import annotations

import contextlib
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import servers, wrk
from bench.workload import Turn, load_turns
from bot import Bot
from knowledge.build import KnowledgeConfig, build_index

UNLIMITED = "1000000/second"
PINNED = 0.8  # one worker's share of the CPU time above which a run counts as pinned
ATTEMPTS = 3


@dataclass(frozen=True)
class Target:
    """One server to load: what runs, with how many workers."""

    server: str  # "echo" | "chat"
    workers: int
    overrides: tuple[str, ...] = ()
    redis_limits: bool = False
    stored_reply: bool = False  # chat with Bot.reply replaced by one stored reply
    reply_cache: bool = True  # False: chat answers every message afresh (IOP_FAQ_REPLY_CACHE=0)
    access_log: bool = False  # True: chat logs a line per request (IOP_FAQ_ACCESS_LOG=1)

    @property
    def label(self) -> str:
        notes = [
            *self.overrides,
            *(["limits in Redis"] if self.redis_limits else []),
            *(["one stored reply"] if self.stored_reply else []),
            *([] if self.reply_cache else ["no reply cache"]),
            *(["access log on"] if self.access_log else []),
        ]
        return self.server + (f" ({', '.join(notes)})" if notes else "")


def app_env(
    index: Path,
    storage: str = "memory://",
    limit: str = UNLIMITED,
    reply_cache: bool = True,
    access_log: bool = False,
) -> dict[str, str]:
    """Environment for the chat app: the index, and a chat limit load tests do not hit."""
    env = {
        "IOP_FAQ_INDEX": str(index),
        "IOP_FAQ_CHAT_LIMIT": limit,
        "IOP_FAQ_RATELIMIT_STORAGE_URI": storage,
    }
    if not reply_cache:
        env["IOP_FAQ_REPLY_CACHE"] = "0"
    if access_log:
        env["IOP_FAQ_ACCESS_LOG"] = "1"
    return env


def command(target: Target, port: int, index: Path) -> list[str]:
    """`iop-faq serve` for the chat app as shipped; `bench.launch` for the rest."""
    if target.stored_reply:
        return servers.launch_command("stub", port, target.workers, target.overrides)
    if target.server == "chat" and not target.overrides:
        return servers.app_command(port, target.workers, index)
    return servers.launch_command(target.server, port, target.workers, target.overrides)


def snapshot_config(workdir: Path) -> KnowledgeConfig:
    """A private copy of the shipped sources and data files, so the served index stays
    consistent with the files it was built from even if the checkout changes mid-run."""
    default = KnowledgeConfig.default()
    target = workdir / "snapshot"
    if not target.exists():
        shutil.copytree(default.sources_dir, target / "sources")
        shutil.copytree(default.data_dir, target / "data")
    return KnowledgeConfig(sources_dir=target / "sources", data_dir=target / "data")


def prepare(workdir: Path, eval_path: Path) -> tuple[Path, list[Turn]]:
    """Build the default index into `workdir` and the chat bodies wrk will send."""
    index = build_index(snapshot_config(workdir))
    path = index.save(workdir / "index.joblib")
    return path, load_turns(Bot(index), eval_path)


def targets(workers: Sequence[int], variants: bool, overrides: Sequence[str] = ()) -> list[Target]:
    """Echo then chat for each worker count; at the largest count, chat without its reply cache,
    chat with its limits counted in Redis, chat with its access log on and chat answering from
    one stored reply, and (given gunicorn `overrides`, e.g. "keepalive=0") the echo/chat pair
    again with those settings changed."""
    chosen = [Target(s, w) for w in workers for s in ("echo", "chat")]
    if variants and workers:
        chosen.append(Target("chat", max(workers), reply_cache=False))
        chosen.append(Target("chat", max(workers), redis_limits=True))
        chosen.append(Target("chat", max(workers), access_log=True))
        chosen.append(Target("chat", max(workers), stored_reply=True))
    if overrides and workers:
        chosen += [Target(s, max(workers), tuple(overrides)) for s in ("echo", "chat")]
    return chosen


def measure_one(
    target: Target, workdir: Path, index: Path, script: Path, load: wrk.Load, redis_uri: str
) -> dict[str, Any]:
    """Start one server, warm it for a second, load it, and read its memory and CPU split.

    With several workers, a run in which one worker did more than `PINNED` of the work (wrk's
    keep-alive connections all accepted by one worker) is repeated, up to `ATTEMPTS` times;
    the splits of the discarded runs are kept in the result.
    """
    port = servers.free_port()
    storage = redis_uri if target.redis_limits else "memory://"
    env = app_env(
        index, storage=storage, reply_cache=target.reply_cache, access_log=target.access_log
    )
    warmup = wrk.Load(seconds=1, threads=load.threads, connections=load.connections)
    discarded: list[list[float]] = []
    with servers.running(command(target, port, index), port, workdir, env) as server:
        url = f"{server.url}/api/chat"
        wrk.run(url, script, warmup)
        for attempt in range(1, ATTEMPTS + 1):
            before = server.worker_cpu()
            result = wrk.run(url, script, load)
            after = server.worker_cpu()
            used = [after[pid] - before.get(pid, 0.0) for pid in sorted(after)]
            shares = [u / sum(used) if sum(used) else 0.0 for u in used]
            if target.workers == 1 or max(shares) <= PINNED or attempt == ATTEMPTS:
                break
            discarded.append(shares)
        result.update(
            worker_cpu_share=shares,
            pinned_runs=discarded,
            balanced=target.workers == 1 or max(shares) <= PINNED,
            server=target.server,
            label=target.label,
            workers=target.workers,
            overrides=list(target.overrides),
            memory=server.memory(),
        )
    return result


def run(
    workdir: Path,
    eval_path: Path,
    workers: Sequence[int],
    load: wrk.Load,
    variants: bool = True,
    overrides: Sequence[str] = (),
) -> dict[str, Any]:
    """Every target back to back in one run; chat throughput as a share of the echo ceiling."""
    index, turns = prepare(workdir, eval_path)
    script = wrk.write_script(turns, workdir / "chat.lua")
    print(format_header())
    rows = []
    chosen = targets(workers, variants, overrides)
    with contextlib.ExitStack() as stack:
        redis_uri = ""
        if any(t.redis_limits for t in chosen):
            redis_uri = stack.enter_context(servers.redis_server(workdir))
        for target in chosen:
            row = measure_one(target, workdir, index, script, load, redis_uri)
            rows.append(row)
            print(format_row(row), flush=True)
            time.sleep(0.5)
    for row in rows:
        if row["server"] == "chat":
            echo = next(
                r
                for r in rows
                if r["server"] == "echo"
                and r["workers"] == row["workers"]
                and r["overrides"] == row["overrides"]
            )
            row["share_of_echo"] = row["rps"] / echo["rps"] if echo["rps"] else 0.0
    return {"load": vars(load), "bodies": len(turns), "rows": rows}


def format_header() -> str:
    return (
        f"{'server':<24} {'workers':>7} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'errors':>6} {'worker RSS':>11} {'CPU split':>10} {'pinned runs':>11}"
    )


def format_row(row: dict[str, Any]) -> str:
    rss = max(row["memory"]["worker_peak_rss_mb"], default=0.0)
    return (
        f"{row['label']:<24} {row['workers']:>7} {row['rps']:>8.0f} {row['p50_ms']:>7.2f} "
        f"{row['p99_ms']:>7.2f} {row['errors']:>6} {rss:>10.0f}M {cpu_split(row):>10} "
        f"{len(row.get('pinned_runs', [])):>11}"
    )


def cpu_split(row: dict[str, Any]) -> str:
    """How the load's CPU time divided between the workers, e.g. "52/48"."""
    return "/".join(f"{share:.0%}".rstrip("%") for share in row.get("worker_cpu_share", []))
