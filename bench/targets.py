"""The performance targets, checked against one run's results."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Check:
    """One target and what the run measured."""

    name: str
    target: str
    measured: str
    met: bool | None  # None: the part was not run


def _rows(results: dict[str, Any], part: str) -> list[dict[str, Any]]:
    value = results.get(part)
    if isinstance(value, dict):
        return value.get("rows", [])
    return value or []


def growth_exponent(sizes: list[dict[str, Any]], key: str = "build_s") -> float | None:
    """k in cost ~ passages^k, from the smallest to the largest corpus (1 is linear)."""
    if len(sizes) < 2:
        return None
    small, large = sizes[0], sizes[-1]
    return math.log(large[key] / small[key]) / math.log(large["passages"] / small["passages"])


def _growth(sizes: list[dict[str, Any]]) -> tuple[str, bool | None]:
    exponent = growth_exponent(sizes)
    if exponent is None:
        return "n/a", None
    span = f"{sizes[0]['passages']:,} -> {sizes[-1]['passages']:,}"
    return f"time ~ n^{exponent:.2f} ({span})", exponent <= 1.1


def _at_most(name: str, limit: float, value: float | None, unit: str, digits: int) -> Check:
    """A target of at most `limit`, met or not (not run when `value` is None)."""
    measured = "not run" if value is None else f"{value:.{digits}f} {unit}"
    return Check(name, f"<= {limit:g} {unit}", measured, None if value is None else value <= limit)


def check(results: dict[str, Any]) -> list[Check]:
    """Every target, met or not, from whatever parts the run included."""
    checks: list[Check] = []
    inproc = results.get("inprocess") or {}
    startup = results.get("startup") or {}
    reply = (results.get("baselines") or {}).get("reply") or {}
    for name, limit, value, unit, digits in (
        ("in-process p50, default corpus", 0.5, inproc.get("latency", {}).get("p50_ms"), "ms", 3),
        (
            "matcher's added cost per reply, default corpus",
            0.2,
            inproc.get("matcher_added_ms"),
            "ms",
            3,
        ),
        ("iop-faq --help, cold", 0.3, startup.get("help_s"), "s", 3),
        ("iop-faq ask, cold", 1.5, startup.get("ask_s"), "s", 3),
        ("reply vs bm25s retrieval", 3, reply.get("x_bm25s"), "x", 2),
    ):
        checks.append(_at_most(name, limit, value, unit, digits))
    sizes = results.get("scale") or []
    largest = sizes[-1] if sizes else None
    p50_large = (
        largest["serve"]["latency"]["p50_ms"]
        if largest and largest["passages"] >= 100_000
        else None
    )
    checks.append(_at_most("in-process p50, 100k passages", 20, p50_large, "ms", 2))
    growth, ok = _growth(sizes)
    checks.append(Check("build time growth", "no worse than linear", growth, ok))
    http_rows = _rows(results, "http")
    chat2 = next((r for r in http_rows if r["label"] == "chat" and r["workers"] == 2), None)
    if chat2:
        echo2 = next(r for r in http_rows if r["label"] == "echo" and r["workers"] == 2)
        valid = chat2.get("balanced", True) and echo2.get("balanced", True)
        fresh = next(
            (r for r in http_rows if r["label"] == "chat (no reply cache)" and r["workers"] == 2),
            None,
        )
        checks.append(
            Check(
                "/api/chat throughput, 2 workers",
                ">= 60 % of echo",
                f"{chat2['share_of_echo']:.0%} ({chat2['rps']:.0f} req/s)"
                + ("" if valid else ", a run was pinned to one worker")
                + (
                    f"; without the reply cache {fresh['share_of_echo']:.0%} "
                    f"({fresh['rps']:.0f} req/s)"
                    if fresh
                    else ""
                ),
                chat2["share_of_echo"] >= 0.6 if valid else None,
            )
        )
        checks.append(
            Check(
                "/api/chat p99, 2 workers",
                "< 25 ms",
                f"{chat2['p99_ms']:.1f} ms",
                chat2["p99_ms"] < 25,
            )
        )
        errors = sum(r["errors"] for r in http_rows if r["server"] == "chat")
        checks.append(Check("/api/chat errors", "0", str(errors), errors == 0))
        rss = max(chat2["memory"]["worker_peak_rss_mb"], default=0.0)
        checks.append(
            Check("worker peak RSS, default corpus", "< 150 MB", f"{rss:.0f} MB", rss < 150)
        )
    else:
        for name, target in (
            ("/api/chat throughput, 2 workers", ">= 60 % of echo"),
            ("/api/chat p99, 2 workers", "< 25 ms"),
            ("/api/chat errors", "0"),
            ("worker peak RSS, default corpus", "< 150 MB"),
        ):
            checks.append(Check(name, target, "not run", None))
    reload = results.get("reload")
    checks.append(
        Check(
            "reload under load",
            "0 failed requests, new answers after",
            "not run"
            if not reload
            else f"{reload['load'].get('errors', '?')} errors, new answers "
            f"{'yes' if reload['after_all_new'] else 'no'}",
            None if not reload else reload["passed"],
        )
    )
    scale_out = results.get("scaleout")
    checks.append(
        Check(
            "scale-out",
            "shared limit, any instance answers any turn",
            "not run"
            if not scale_out
            else f"{scale_out['redis']['accepted']}/{scale_out['redis']['sent']} accepted "
            f"with Redis (limit {scale_out['limit']})",
            None if not scale_out else scale_out["passed"],
        )
    )
    return checks


def format_checks(checks: list[Check]) -> str:
    lines = [f"{'target':<34} {'wanted':<44} {'measured':<36} ok"]
    for c in checks:
        mark = "-" if c.met is None else ("yes" if c.met else "NO")
        lines.append(f"{c.name:<34} {c.target:<44} {c.measured:<36} {mark}")
    return "\n".join(lines)
