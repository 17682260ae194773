"""In-process reply latency: `Bot.reply` over the dev-set turns, warm, many repetitions."""

from __future__ import annotations

import gc
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.stats import latency_summary
from bench.workload import Turn, load_turns
from bot import Bot
from bot.evaluation import evaluate, load_cases
from knowledge.build import KnowledgeConfig, build_index
from knowledge.matcher import MATCHER


def time_replies(bot: Bot, turns: Sequence[Turn], repetitions: int, warmup: int = 2) -> list[float]:
    """Seconds per `bot.reply` call, every turn `repetitions` times (after `warmup` rounds)."""
    for _ in range(warmup):
        for turn in turns:
            bot.reply(turn.message, turn.context)
    samples: list[float] = []
    clock = time.perf_counter
    gc.collect()
    for _ in range(repetitions):
        for turn in turns:
            started = clock()
            bot.reply(turn.message, turn.context)
            samples.append(clock() - started)
    return samples


def measure_bot(bot: Bot, eval_path: Path, repetitions: int) -> dict[str, Any]:
    """Latency summary and dev-set pass rate of one bot."""
    turns = load_turns(bot, eval_path)
    report = evaluate(bot, load_cases(eval_path))
    return {
        "latency": latency_summary(time_replies(bot, turns, repetitions)),
        "turns": len(turns),
        "repetitions": repetitions,
        "pass_rate": report.overall,
        "by_kind": {k: list(v) for k, v in report.by_kind().items()},
    }


def run(eval_path: Path, repetitions: int) -> dict[str, Any]:
    """Build the default index and time replies on it, with and without the learned matcher
    (side by side, so the difference is the matcher's cost per reply)."""
    started = time.perf_counter()
    index = build_index(KnowledgeConfig.default())
    build_seconds = time.perf_counter() - started
    result = measure_bot(Bot(index), eval_path, repetitions)
    without = replace(index, models_={k: v for k, v in index.models_.items() if k != MATCHER})
    alone = measure_bot(Bot(without), eval_path, repetitions)
    result.update(
        passages=len(index.passages),
        vocabulary=index.vocabulary_size,
        build_s=build_seconds,
        without_matcher=alone,
        matcher_added_ms=result["latency"]["p50_ms"] - alone["latency"]["p50_ms"],
    )
    return result


def format_result(result: dict[str, Any]) -> str:
    lat = result["latency"]
    return (
        f"default corpus: {result['passages']} passages, vocabulary {result['vocabulary']:,}, "
        f"build {result['build_s']:.2f} s\n"
        f"reply latency over {result['turns']} turns x {result['repetitions']}: "
        f"p50 {lat['p50_ms']:.3f} ms  p95 {lat['p95_ms']:.3f} ms  p99 {lat['p99_ms']:.3f} ms  "
        f"(mean {lat['mean_ms']:.3f} ms)\n"
        f"dev-set pass rate {result['pass_rate']:.1%}"
        + (
            f"\nwithout the matcher: p50 {result['without_matcher']['latency']['p50_ms']:.3f} ms, "
            f"dev-set pass rate {result['without_matcher']['pass_rate']:.1%}; "
            f"the matcher adds {result['matcher_added_ms']:.3f} ms a reply"
            if "without_matcher" in result
            else ""
        )
    )
