"""The benchmark's own arithmetic and report text (the benchmarks themselves run by hand)."""

from __future__ import annotations

import pytest

from bench.appcost import budget
from bench.report import _appcost


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
