"""Cost against corpus size: each size builds and serves in its own process, for its own peak RSS.

`python -m bench.scale build --size N --out FILE` and `python -m bench.scale serve --index FILE`
each print one JSON line; `run` drives them. The serve step also times bm25s retrieval (set up
as in bench/baselines.py) over the same passages, once its own peak RSS is read.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.paths import default_eval_path, project_root

if TYPE_CHECKING:
    from knowledge.passages import Passage


def peak_rss_mb() -> float:
    """This process's peak resident set size since it started its program: `VmHWM`, which a new
    program starts afresh. (`getrusage`'s `ru_maxrss` carries over through fork and exec, so a
    child would report its parent's peak when that was higher.)"""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux


def build_child(size: int, out: Path, seed: int) -> dict[str, Any]:
    """Generate a corpus of `size` passages, build its index and save it."""
    from bench.synthetic import synthetic_passages
    from knowledge.build import KnowledgeConfig, load_passages, make_analyzer, matcher_examples
    from knowledge.index import KnowledgeIndex
    from knowledge.matcher import MATCHER, fit_matcher

    config = KnowledgeConfig.default()
    base_rss = peak_rss_mb()
    real = load_passages(config)
    passages = synthetic_passages(real, size, seed)
    started = time.perf_counter()
    index = KnowledgeIndex.build(passages, make_analyzer(config))
    # The matcher knows the real passages (the synthetic ones have no visitor phrasings); the
    # decision fuses it with retrieval over every passage.
    index.models_[MATCHER] = fit_matcher(matcher_examples(config, real[:size]))
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    index.save(out)
    return {
        "size": size,
        "passages": len(index.passages),
        "vocabulary": index.vocabulary_size,
        "build_s": build_s,
        "save_s": time.perf_counter() - started,
        "artifact_mb": out.stat().st_size / 2**20,
        "build_peak_rss_mb": peak_rss_mb(),
        "import_rss_mb": base_rss,
    }


def serve_child(
    index_path: Path, eval_path: Path, repetitions: int, budget_s: float
) -> dict[str, Any]:
    """Load an index as a worker does, then time replies within a time budget."""
    from bench.inprocess import measure_bot
    from bot import Bot
    from knowledge.index import KnowledgeIndex

    base_rss = peak_rss_mb()
    started = time.perf_counter()
    bot = Bot(KnowledgeIndex.load(index_path))
    load_s = time.perf_counter() - started
    probe = time.perf_counter()
    for _ in range(2):
        bot.reply("how long does an IOP last?")
    per_reply = (time.perf_counter() - probe) / 2
    rounds = _rounds(per_reply * 35, repetitions, budget_s)
    result = measure_bot(bot, eval_path, rounds)
    # Peak RSS is read before bm25s is imported or built, so it stays the serve step's own.
    result.update(load_s=load_s, serve_peak_rss_mb=peak_rss_mb(), import_rss_mb=base_rss)
    bm25s = bm25_latency(bot.index.passages, eval_path, repetitions, budget_s)
    result.update(bm25s=bm25s, x_bm25s=result["latency"]["p50_ms"] / bm25s["latency"]["p50_ms"])
    return result


def bm25_latency(
    passages: Sequence[Passage], eval_path: Path, repetitions: int, budget_s: float
) -> dict[str, Any]:
    """bm25s retrieval as bench/baselines.py times it, on these passages and its queries."""
    from bench.baselines import bm25, interleaved_latency
    from bench.stats import latency_summary
    from bench.workload import retrieval_queries

    texts = [text for text, _ in retrieval_queries(eval_path)]
    started = time.perf_counter()
    search = bm25(passages)
    build_s = time.perf_counter() - started
    probe = time.perf_counter()
    for text in texts:
        search(text)
    rounds = _rounds(time.perf_counter() - probe, repetitions, budget_s)
    samples = interleaved_latency({"bm25s": search}, texts, rounds)["bm25s"]
    return {
        "latency": latency_summary(samples),
        "build_s": build_s,
        "queries": len(texts),
        "repetitions": rounds,
    }


def _rounds(per_round: float, repetitions: int, budget_s: float) -> int:
    """How many rounds of `per_round` seconds fit the budget: 2 at least, `repetitions` at most."""
    return max(2, min(repetitions, int(budget_s / max(per_round, 1e-6))))


def _child(args: Sequence[str], timeout: float) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.scale", *args],
        cwd=project_root(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.scale {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_size(
    size: int, eval_path: Path, repetitions: int, budget_s: float, seed: int = 0
) -> dict[str, Any]:
    """Build then serve one corpus size, each in a fresh process."""
    with tempfile.TemporaryDirectory(prefix="iop-faq-bench-") as tmp:
        artifact = Path(tmp) / f"index-{size}.joblib"
        built = _child(
            ["build", "--size", str(size), "--out", str(artifact), "--seed", str(seed)], 3600
        )
        served = _child(
            [
                "serve",
                "--index",
                str(artifact),
                "--eval",
                str(eval_path),
                "--repetitions",
                str(repetitions),
                "--budget",
                str(budget_s),
            ],
            3600,
        )
    return built | {"serve": served}


def run(
    sizes: Sequence[int], eval_path: Path, repetitions: int, budget_s: float
) -> list[dict[str, Any]]:
    """Every size in turn, printing a line as each finishes."""
    rows = []
    print(format_header())
    for size in sizes:
        row = run_size(size, eval_path, repetitions, budget_s)
        print(format_row(row), flush=True)
        rows.append(row)
    return rows


def format_header() -> str:
    return (
        f"{'passages':>9} {'vocab':>9} {'build s':>8} {'MB':>7} {'build RSS':>10} "
        f"{'serve RSS':>10} {'load s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'pass':>6} "
        f"{'bm25s p50':>10} {'bm25s p99':>10} {'x bm25s':>8}"
    )


def format_row(row: dict[str, Any]) -> str:
    s = row["serve"]
    lat, bm = s["latency"], s["bm25s"]["latency"]
    return (
        f"{row['passages']:>9,} {row['vocabulary']:>9,} {row['build_s']:>8.2f} "
        f"{row['artifact_mb']:>7.1f} {row['build_peak_rss_mb']:>9.0f}M "
        f"{s['serve_peak_rss_mb']:>9.0f}M "
        f"{s['load_s']:>7.2f} {lat['p50_ms']:>8.2f} {lat['p95_ms']:>8.2f} {lat['p99_ms']:>8.2f} "
        f"{s['pass_rate']:>6.1%} {bm['p50_ms']:>10.3f} {bm['p99_ms']:>10.3f} {s['x_bm25s']:>8.2f}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scale")
    sub = parser.add_subparsers(dest="mode", required=True)
    build = sub.add_parser("build")
    build.add_argument("--size", type=int, required=True)
    build.add_argument("--out", type=Path, required=True)
    build.add_argument("--seed", type=int, default=0)
    serve = sub.add_parser("serve")
    serve.add_argument("--index", type=Path, required=True)
    serve.add_argument("--eval", type=Path, default=None)
    serve.add_argument("--repetitions", type=int, default=30)
    serve.add_argument("--budget", type=float, default=10.0)
    args = parser.parse_args(argv)
    if args.mode == "build":
        result = build_child(args.size, args.out, args.seed)
    else:
        eval_path = args.eval or default_eval_path()
        result = serve_child(args.index, eval_path, args.repetitions, args.budget)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
