"""`python -m bench`: measure, print, and (with --write-docs) write docs/benchmarks.md."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import machine
from bench.paths import default_eval_path, docs_dir, project_root, results_dir

PARTS = (
    "startup",
    "inprocess",
    "crisiscost",
    "scale",
    "baselines",
    "profile",
    "appcost",
    "http",
    "reload",
    "scaleout",
)


@dataclass(frozen=True)
class Plan:
    """How much of each part to run."""

    repetitions: int
    sizes: tuple[int, ...]
    scale_budget_s: float
    baseline_repetitions: int
    http_seconds: int
    http_variants: bool
    profile_seconds: float
    profile_build_size: int

    @classmethod
    def for_mode(cls, quick: bool) -> Plan:
        if quick:
            return cls(20, (1_000, 5_000), 3.0, 10, 3, False, 2.0, 1_000)
        return cls(200, (1_000, 10_000, 100_000), 20.0, 100, 10, True, 8.0, 5_000)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Benchmarks for iop-faq (see docs/benchmarks.md)."
    )
    parser.add_argument(
        "--parts",
        default=",".join(PARTS),
        help=f"comma-separated parts to run (default: all of {','.join(PARTS)})",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="fewer repetitions, smaller corpora, 3 s HTTP runs (about 2 minutes)",
    )
    parser.add_argument(
        "--sizes", default=None, help="corpus sizes for the scale part, e.g. 1000,10000,100000"
    )
    parser.add_argument(
        "--eval",
        type=Path,
        default=None,
        help="evaluation file (default: $IOP_FAQ_EVAL, else the dev set "
        "beside the checkout, else the golden set)",
    )
    parser.add_argument(
        "--gunicorn-set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="also run echo and chat with this gunicorn setting changed "
        "(repeatable), beside the shipped settings",
    )
    parser.add_argument(
        "--write-docs",
        action="store_true",
        help="write docs/benchmarks.md and docs/benchmarks.png from this run",
    )
    parser.add_argument(
        "--from-results",
        type=Path,
        default=None,
        help="render the docs from a saved results file instead of measuring",
    )
    args = parser.parse_args(argv)
    unknown = set(args.parts.split(",")) - set(PARTS)
    if unknown:
        names = ", ".join(sorted(unknown))
        parser.error(f"unknown part(s) {names}; choose from {', '.join(PARTS)}")
    return args


def section(title: str) -> None:
    print(f"\n== {title} ==", flush=True)


def measure(
    parts: Sequence[str], plan: Plan, eval_path: Path, overrides: Sequence[str] = ()
) -> dict[str, Any]:
    """Run the chosen parts in order, printing each as it finishes."""
    from bench import (
        appcost,
        baselines,
        crisiscost,
        http,
        inprocess,
        profiling,
        reload,
        scale,
        scaleout,
        startup,
        wrk,
    )

    results: dict[str, Any] = {"eval": str(eval_path)}
    load = wrk.Load(seconds=plan.http_seconds)
    with tempfile.TemporaryDirectory(prefix="iop-faq-bench-") as tmp:
        workdir = Path(tmp)
        steps: dict[str, tuple[str, Callable[[], Any], Callable[[Any], str] | None]] = {
            "startup": (
                "cold start: --help and a first ask",
                lambda: startup.run(workdir, rounds=3 if plan.http_seconds < 10 else 7),
                startup.format_result,
            ),
            "inprocess": (
                "in-process reply latency",
                lambda: inprocess.run(eval_path, plan.repetitions),
                inprocess.format_result,
            ),
            "crisiscost": (
                "crafted messages against an ordinary question (CPU, in-process)",
                lambda: crisiscost.run(plan.repetitions // 4),
                crisiscost.format_result,
            ),
            "scale": (
                "cost against corpus size",
                lambda: scale.run(plan.sizes, eval_path, plan.repetitions, plan.scale_budget_s),
                None,
            ),
            "baselines": (
                "baselines on the same passages and messages",
                lambda: baselines.run(eval_path, plan.baseline_repetitions),
                baselines.format_result,
            ),
            "profile": (
                "where the time goes (cProfile)",
                lambda: profiling.run(eval_path, plan.profile_seconds, plan.profile_build_size),
                profiling.format_result,
            ),
            "appcost": (
                "per-request cost inside the app, no server",
                lambda: appcost.run(eval_path, rounds=3 if plan.http_seconds < 10 else 5),
                appcost.format_result,
            ),
            "http": (
                "HTTP: /api/chat against the echo ceiling",
                lambda: http.run(workdir, eval_path, (1, 2), load, plan.http_variants, overrides),
                None,
            ),
            "reload": (
                "reload without restart, under load",
                lambda: reload.run(workdir, eval_path, load),
                reload.format_result,
            ),
            "scaleout": (
                "scale-out: two instances, one Redis",
                lambda: scaleout.run(workdir, eval_path),
                scaleout.format_result,
            ),
        }
        for part in PARTS:
            if part not in parts:
                continue
            title, run, show = steps[part]
            section(title)
            started = time.perf_counter()
            results[part] = run()
            if show:
                print(show(results[part]))
            print(f"({time.perf_counter() - started:.0f} s)", flush=True)
    # Described after the parts: the tools a part installed (redis-server) show their versions.
    results["machine"] = machine.describe()
    return results


def save(results: dict[str, Any]) -> Path:
    """Keep the raw results (bench/results/ is not committed)."""
    folder = results_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"run-{stamp}.json"
    text = json.dumps(results, indent=1, default=str)
    path.write_text(text)
    (folder / "latest.json").write_text(text)
    return path


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    from bench import report, targets

    if args.from_results:
        results = json.loads(args.from_results.read_text())
    else:
        plan = Plan.for_mode(args.quick)
        if args.sizes:
            plan = Plan(**{**vars(plan), "sizes": tuple(int(s) for s in args.sizes.split(","))})
        eval_path = args.eval or default_eval_path()
        started = time.perf_counter()
        results = measure(args.parts.split(","), plan, eval_path, args.gunicorn_set)
        results["command"] = "python -m bench " + " ".join(
            shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:])
        )
        results["seconds"] = time.perf_counter() - started
        print(f"\nresults: {save(results).relative_to(project_root())}")
    section("targets")
    print(targets.format_checks(targets.check(results)))
    if args.write_docs:
        command = results.get("command", "python -m bench --write-docs")
        path = report.write(results, command, docs_dir())
        print(f"wrote {path.relative_to(project_root())}")


if __name__ == "__main__":
    main()
