"""Where the time goes, by function (cProfile self time), for replies and for an index build."""

from __future__ import annotations

import cProfile
import pstats
import time
from pathlib import Path
from typing import Any

from bench.synthetic import synthetic_passages
from bench.workload import load_turns
from bot import Bot
from knowledge.build import KnowledgeConfig, build_index, load_passages, make_analyzer
from knowledge.index import KnowledgeIndex


def _where(filename: str, line: int, name: str) -> str:
    path = Path(filename)
    parts = path.parts
    for anchor in ("site-packages", "lib"):
        if anchor in parts:
            parts = parts[parts.index(anchor) + 1 :]
            break
    else:
        for package in ("knowledge", "bot", "web", "bench"):
            if package in parts:
                parts = parts[parts.index(package) :]
                break
    short = "/".join(parts[-3:]) if filename.startswith(("/", ".")) else filename
    return f"{short}:{line} {name}" if line else name


def top_functions(profile: cProfile.Profile, limit: int) -> dict[str, Any]:
    """The functions with the most self time, as shares of the total."""
    stats = pstats.Stats(profile)
    total = stats.total_tt or 1e-9
    rows = sorted(
        (
            {
                "function": _where(*key),
                "calls": calls,
                "self_s": tottime,
                "cumulative_s": cumtime,
                "self_share": tottime / total,
            }
            for key, (_, calls, tottime, cumtime, _) in stats.stats.items()  # type: ignore[attr-defined]
        ),
        key=lambda row: -row["self_s"],
    )
    return {"total_s": total, "rows": rows[:limit]}


def profile_replies(eval_path: Path, seconds: float, limit: int = 12) -> dict[str, Any]:
    """Warm replies to every dev-set turn on the default corpus, for about `seconds`."""
    bot = Bot(build_index(KnowledgeConfig.default()))
    turns = load_turns(bot, eval_path)
    for turn in turns:
        bot.reply(turn.message, turn.context)
    profile = cProfile.Profile()
    replies = 0
    deadline = time.perf_counter() + seconds
    profile.enable()
    while time.perf_counter() < deadline:
        for turn in turns:
            bot.reply(turn.message, turn.context)
        replies += len(turns)
    profile.disable()
    return top_functions(profile, limit) | {"replies": replies}


def profile_build(size: int, limit: int = 12) -> dict[str, Any]:
    """One index build of a synthetic corpus of `size` passages."""
    config = KnowledgeConfig.default()
    passages = synthetic_passages(load_passages(config), size)
    analyzer = make_analyzer(config)
    profile = cProfile.Profile()
    profile.enable()
    KnowledgeIndex.build(passages, analyzer)
    profile.disable()
    return top_functions(profile, limit) | {"passages": size}


def run(eval_path: Path, seconds: float, build_size: int) -> dict[str, Any]:
    return {
        "reply": profile_replies(eval_path, seconds),
        "build": profile_build(build_size),
    }


def format_table(result: dict[str, Any]) -> str:
    lines = [f"{'self %':>7} {'self s':>7} {'calls':>9}  function"]
    for row in result["rows"]:
        lines.append(
            f"{row['self_share']:>7.1%} {row['self_s']:>7.2f} {row['calls']:>9,}  {row['function']}"
        )
    return "\n".join(lines)


def format_result(result: dict[str, Any]) -> str:
    reply, build = result["reply"], result["build"]
    return (
        f"replies ({reply['replies']:,} under cProfile, {reply['total_s']:.1f} s):\n"
        f"{format_table(reply)}\n\n"
        f"index build ({build['passages']:,} passages, {build['total_s']:.1f} s under cProfile):\n"
        f"{format_table(build)}"
    )
