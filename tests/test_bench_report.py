"""The benchmark's own arithmetic and report text (the benchmarks themselves run by hand)."""

from __future__ import annotations

import pytest

from bench.appcost import budget
from bench.report import _appcost
from bench.targets import check


def test_budget_leaves_the_app_what_the_target_allows() -> None:
    cost = {"echo_ms": 0.1, "chat_ms": 0.5, "bot_ms": 0.2, "framework_ms": 0.2}
    result = budget(cost, echo_rps_one_worker=4000, share=0.5)
    assert result["server_ms"] == pytest.approx(0.25 - 0.1)
    # At half the echo rate a request may take 0.5 ms, of which the server keeps 0.15 ms.
    assert result["allowed_app_ms"] == pytest.approx(0.5 - 0.15)


def test_report_states_the_budget_when_the_http_part_ran() -> None:
    results = {
        "appcost": {"echo_ms": 0.1, "chat_ms": 0.5, "bot_ms": 0.2, "framework_ms": 0.2},
        "http": {"rows": [{"label": "echo", "workers": 1, "rps": 4000.0}]},
    }
    text = _appcost(results)
    assert "**0.267 ms**" in text  # 0.25 / 0.6 - 0.15
    assert "0.500 ms" in text and "0.200 ms" in text


def test_report_without_http_rows_gives_the_costs_only() -> None:
    text = _appcost(
        {"appcost": {"echo_ms": 0.1, "chat_ms": 0.5, "bot_ms": 0.2, "framework_ms": 0.2}}
    )
    assert "0.100 ms" in text and "would leave" not in text


def test_the_report_gives_the_cost_of_a_repeat_beside_a_fresh_answer() -> None:
    cost = {"echo_ms": 0.1, "chat_ms": 0.5, "bot_ms": 0.2, "framework_ms": 0.2}
    text = _appcost({"appcost": {**cost, "cached_chat_ms": 0.123}})
    assert "repeats from the cache" in text and "0.123 ms" in text


def _http_row(label: str, rps: float, share: float | None = None) -> dict:
    row = {"label": label, "server": label.split()[0], "workers": 2, "rps": rps}
    row.update(p99_ms=5.0, errors=0, memory={"worker_peak_rss_mb": [100.0]})
    return row if share is None else {**row, "share_of_echo": share}


def test_the_throughput_target_also_states_the_figure_without_the_cache() -> None:
    rows = [
        _http_row("echo", 1000.0),
        _http_row("chat", 700.0, 0.7),
        _http_row("chat (no reply cache)", 400.0, 0.4),
    ]
    throughput = next(c for c in check({"http": {"rows": rows}}) if "throughput" in c.name)
    assert throughput.met is True
    assert throughput.measured == "70% (700 req/s); without the reply cache 40% (400 req/s)"
