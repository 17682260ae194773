"""The corpus-size figure: reply latency and index build time against passages."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def scale_figure(sizes: list[dict[str, Any]], path: Path) -> Path:
    """Two log-log panels: p50/p99 reply latency, and build time, against corpus size."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    passages = [row["passages"] for row in sizes]
    p50 = [row["serve"]["latency"]["p50_ms"] for row in sizes]
    p99 = [row["serve"]["latency"]["p99_ms"] for row in sizes]
    build = [row["build_s"] for row in sizes]
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4), constrained_layout=True)
    left.loglog(passages, p50, "o-", label="p50")
    left.loglog(passages, p99, "s--", label="p99")
    left.axhline(20, color="grey", linewidth=0.8, linestyle=":", label="20 ms target")
    left.set(xlabel="passages", ylabel="reply latency (ms)", title="In-process reply latency")
    left.legend()
    right.loglog(passages, build, "o-", label="measured")
    linear = [build[0] * n / passages[0] for n in passages]
    right.loglog(passages, linear, ":", color="grey", label="linear from smallest")
    right.set(xlabel="passages", ylabel="build time (s)", title="Index build time")
    right.legend()
    for axis in (left, right):
        axis.grid(True, which="both", linewidth=0.3)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return path
