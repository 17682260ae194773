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


def test_cold_start_and_reply_ratio_targets() -> None:
    results = {
        "startup": {"help_s": 0.25, "ask_s": 1.8},
        "baselines": {"reply": {"x_bm25s": 2.5}},
    }
    found = {c.name: c for c in check(results)}
    assert found["iop-faq --help, cold"].met is True
    assert (
        found["iop-faq ask, cold"].met is False and found["iop-faq ask, cold"].measured == "1.800 s"
    )
    assert found["reply vs bm25s retrieval"].met is True
    assert check({})[1].met is None  # not run


def test_import_costs_count_a_package_where_another_imports_it(monkeypatch) -> None:
    import subprocess

    from bench import startup

    stderr = "\n".join(
        [
            "import time: self [us] | cumulative | imported package",
            "import time:       100 |        100 |     numpy.core",
            "import time:       200 |        300 |   numpy",
            "import time:        50 |        350 | knowledge.index",
            "import time:        10 |         10 | sklearn.base",
        ]
    )
    done = subprocess.CompletedProcess([], 0, stdout="", stderr=stderr)
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: done)
    costs = startup.import_costs(["python", "-m", "x"])
    assert dict(costs["top"]) == {"knowledge": 0.00035, "numpy": 0.0003, "sklearn": 0.00001}
    assert costs["heavy_loaded"] == ["sklearn"]


def _scale_row(passages: int, p50_ms: float, bm25s_p50_ms: float | None) -> dict:
    latency = {"p50_ms": p50_ms, "p95_ms": p50_ms, "p99_ms": p50_ms}
    serve = {"latency": latency, "load_s": 1.0, "serve_peak_rss_mb": 100.0, "pass_rate": 0.9}
    if bm25s_p50_ms is not None:
        serve |= {"bm25s": {"latency": {"p50_ms": bm25s_p50_ms}}, "x_bm25s": p50_ms / bm25s_p50_ms}
    return {
        "passages": passages,
        "vocabulary": passages,
        "build_s": 1.0,
        "artifact_mb": 1.0,
        "build_peak_rss_mb": 100.0,
        "serve": serve,
    }


def test_the_scale_table_sets_each_size_against_bm25s_on_it() -> None:
    from bench.report import _scale

    text = _scale([_scale_row(1_000, 0.5, 0.05), _scale_row(100_000, 7.0, None)], None)
    assert "| bm25s p50 | reply x bm25s |" in text
    assert "| 0.050 ms | 10.00 x |" in text
    assert "| 90.0% | - | - |" in text  # a run saved before bm25s was measured
