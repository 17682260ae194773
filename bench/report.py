"""docs/benchmarks.md from one run's results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.http import cpu_split
from bench.targets import check, growth_exponent
from web.config import DEFAULTS
from web.server import ServeOptions

REPLY_CACHE = int(DEFAULTS["IOP_FAQ_REPLY_CACHE"])


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _machine(m: dict[str, Any]) -> str:
    libs = ", ".join(f"{k} {v}" for k, v in m["libraries"].items())
    return (
        f"- CPU: {m['cpu']}, {m['nproc']} cores (`nproc`), {m['ram_gib']} GiB RAM, {m['os']}\n"
        f"- Python {m['python']}; {libs}\n"
        f"- {m['wrk']}; {m['redis-server']}\n"
        "- Shared and noisy: every comparison below is measured side by side in the same run; "
        "wrk runs on the same two cores as the servers it loads."
    )


def _targets(results: dict[str, Any]) -> str:
    rows = []
    for c in check(results):
        mark = "not run" if c.met is None else ("met" if c.met else "**missed**")
        rows.append([c.name, c.target, c.measured, mark])
    return _table(["target", "wanted", "measured", ""], rows)


def _crisiscost(r: dict[str, Any]) -> str:
    from bench.crisiscost import format_result

    return "```\n" + format_result(r) + "\n```"


def _inprocess(r: dict[str, Any]) -> str:
    lat = r["latency"]
    return (
        f"`Bot.reply(message, context)` on the default corpus ({r['passages']} passages, "
        f"vocabulary {r['vocabulary']:,}; built in {r['build_s']:.2f} s), warm, every dev-set "
        f"message (follow-ups with the context the bot returned for their earlier turns) "
        f"{r['repetitions']} times: {lat['n']:,} replies.\n\n"
        + _table(
            ["p50", "p95", "p99", "mean", "max", "dev-set pass rate"],
            [
                [
                    f"{lat['p50_ms']:.3f} ms",
                    f"{lat['p95_ms']:.3f} ms",
                    f"{lat['p99_ms']:.3f} ms",
                    f"{lat['mean_ms']:.3f} ms",
                    f"{lat['max_ms']:.2f} ms",
                    f"{r['pass_rate']:.1%}",
                ]
            ],
        )
    )


def _scale(sizes: list[dict[str, Any]], figure: str | None) -> str:
    rows = []
    for s in sizes:
        lat = s["serve"]["latency"]
        bm25s = s["serve"].get("bm25s")  # absent from runs saved before it was measured
        rows.append(
            [
                f"{s['passages']:,}",
                f"{s['vocabulary']:,}",
                f"{s['build_s']:.2f} s",
                f"{s['artifact_mb']:.1f} MB",
                f"{s['build_peak_rss_mb']:.0f} MB",
                f"{s['serve']['load_s']:.2f} s",
                f"{s['serve']['serve_peak_rss_mb']:.0f} MB",
                f"{lat['p50_ms']:.2f} ms",
                f"{lat['p95_ms']:.2f} ms",
                f"{lat['p99_ms']:.2f} ms",
                f"{s['serve']['pass_rate']:.1%}",
                f"{bm25s['latency']['p50_ms']:.3f} ms" if bm25s else "-",
                f"{s['serve']['x_bm25s']:.2f} x" if bm25s else "-",
            ]
        )
    text = (
        "Synthetic corpora: the real passages plus recombined ones (a real question about a "
        "made-up provider, two to five sentences drawn from the whole corpus, seeded RNG), so "
        "term statistics stay realistic, the vocabulary grows with the corpus, and the real "
        "passages face many plausible distractors. Each size is built in one fresh process and "
        "served from the saved artifact in another, so each peak RSS (`VmHWM`) is that "
        "step's own; the serve step loads the index as a worker does and times the dev-set "
        "replies. **bm25s p50** is bm25s retrieval alone, set up as in the baselines below, over "
        "the same passages and the baselines' retrieval queries (timed in the serve step after "
        "its peak RSS is read), and **reply x bm25s** is our reply p50 (the p50 column) "
        "divided by it.\n\n"
        + _table(
            [
                "passages",
                "vocabulary",
                "build",
                "artifact",
                "build peak RSS",
                "load",
                "serve peak RSS",
                "p50",
                "p95",
                "p99",
                "dev-set pass",
                "bm25s p50",
                "reply x bm25s",
            ],
            rows,
        )
    )
    exponents = []
    for key, label in (("build_s", "build time"), ("artifact_mb", "artifact size")):
        k = growth_exponent(sizes, key)
        if k is not None:
            exponents.append(f"{label} ~ n^{k:.2f}")
    lat_k = growth_exponent(
        [{"passages": s["passages"], "p50": s["serve"]["latency"]["p50_ms"]} for s in sizes], "p50"
    )
    if lat_k is not None:
        exponents.append(f"p50 latency ~ n^{lat_k:.2f}")
    if exponents:
        text += "\n\nGrowth from the smallest to the largest corpus: " + ", ".join(exponents) + "."
    if figure:
        text += f"\n\n![Latency and build time against corpus size]({figure})"
    return text


def _grams(r: dict[str, Any]) -> str:
    low, high = r.get("ngram_range", (1, 1))
    names = {1: "unigrams", 2: "bigrams", 3: "trigrams"}
    return " and ".join(names.get(n, f"{n}-grams") for n in range(low, high + 1))


def _baselines(r: dict[str, Any]) -> str:
    rows = []
    for name, row in r["rows"].items():
        lat = row["latency"]
        rows.append(
            [
                name,
                f"{lat['p50_ms']:.3f} ms",
                f"{lat['p99_ms']:.3f} ms",
                f"{row['p50_ratio']:.2f}",
                f"{row['top1_pass_rate']:.1%}",
                f"{row['pass_ratio']:.2f}",
            ]
        )
    return (
        f"The same {r['passages']} passages and the same {r['queries']} answer and follow-up "
        "dev-set queries for all three retrievers. Each is judged the same way: its top passage "
        "passes when the passage text contains one of the case's expected strings (the dev-set "
        "rule applied to retrieval alone, without the reply layer's thresholds or sentence "
        "extraction; a follow-up's query is its earlier messages and the message joined). "
        "Latency is from query text to a ranked top 5, in interleaved rounds "
        f"({r['repetitions']} per retriever).\n\n"
        f"- **ours**: the project's index (Snowball-stemmed {_grams(r)}, synonyms, "
        "field-weighted question/answer/sentence scoring).\n"
        "- **bm25s**: `bm25s.BM25()` defaults (Lucene variant) over each passage as one raw "
        'paragraph (question, phrasings, answer), `bm25s.tokenize(..., stopwords="en")`.\n'
        "- **tfidf-defaults**: `TfidfVectorizer()` defaults over the same raw paragraphs, "
        "cosine ranking.\n\n"
        + _table(["retriever", "p50", "p99", "p50 x ours", "top-1 pass", "pass x ours"], rows)
        + _reply_row(r)
    )


def _reply_row(r: dict[str, Any]) -> str:
    reply = r.get("reply")
    if not reply:
        return ""
    lat = reply["latency"]
    return (
        f"\n\nThe whole in-process reply (`Bot.reply`: crisis, small talk, declines, learned "
        f"layers, retrieval and extraction), timed in the same interleaved rounds: p50 "
        f"{lat['p50_ms']:.3f} ms, p99 {lat['p99_ms']:.3f} ms, **{reply['x_bm25s']:.2f} x** "
        "bm25s retrieval alone."
    )


def _startup(r: dict[str, Any]) -> str:
    top = ", ".join(f"`{name}` {s:.2f} s" for name, s in r["ask_imports"]["top"])
    heavy = ", ".join(r["ask_imports"]["heavy_loaded"]) or "none of scikit-learn, NLTK, SciPy"
    return (
        f"Fresh processes on an index already built, median of {r['rounds']} after one warm-up "
        "(the operating system's file cache is warm, as on a server).\n\n"
        + _table(
            ["command", "wall time"],
            [
                ["`iop-faq --help`", f"{r['help_s']:.3f} s"],
                ['`iop-faq ask "how long does iop last?"`', f"{r['ask_s']:.3f} s"],
            ],
        )
        + f"\n\nWhat a cold `ask` imports, by cumulative import time (`python -X importtime`): "
        f"{top}. Heavy packages it loads: {heavy}. The index holds the fitted vocabulary, IDF "
        "and word stems as plain data, so answering needs neither scikit-learn nor NLTK."
    )


def _profile_table(result: dict[str, Any]) -> str:
    rows = [
        [
            f"`{row['function']}`",
            f"{row['calls']:,}",
            f"{row['self_s']:.2f} s",
            f"{row['self_share']:.1%}",
        ]
        for row in result["rows"]
    ]
    return _table(["function", "calls", "self time", "share"], rows)


def _profile(r: dict[str, Any]) -> str:
    reply, build = r["reply"], r["build"]
    return (
        "cProfile self time (time in the function itself, not its callees), largest first; "
        "profiling slows Python code, so read the shares, not the absolute times.\n\n"
        f"**Replies**: {reply['replies']:,} warm `Bot.reply` calls over the dev-set turns on the "
        f"default corpus ({reply['total_s']:.1f} s profiled).\n\n"
        + _profile_table(reply)
        + f"\n\n**Index build**: `KnowledgeIndex.build` on {build['passages']:,} synthetic "
        f"passages ({build['total_s']:.1f} s profiled).\n\n" + _profile_table(build)
    )


def _http(r: dict[str, Any]) -> str:
    load = r["load"]
    rows = []
    for row in r["rows"]:
        share = f"{row['share_of_echo']:.0%}" if "share_of_echo" in row else "ceiling"
        rss = max(row["memory"]["worker_peak_rss_mb"], default=0.0)
        rows.append(
            [
                row["label"],
                str(row["workers"]),
                f"{row['rps']:.0f}",
                share,
                f"{row['p50_ms']:.2f} ms",
                f"{row['p99_ms']:.2f} ms",
                str(row["errors"]),
                f"{rss:.0f} MB",
                cpu_split(row) + " %",
                str(len(row.get("pinned_runs", []))),
            ]
        )
    return (
        f"`wrk -t{load['threads']} -c{load['connections']} -d{load['seconds']}s --latency` "
        f"with a Lua script POSTing the {r['bodies']} dev-set messages in rotation (follow-ups "
        "with their context) to `/api/chat` on 127.0.0.1, after a 1 s warm-up. **chat** is "
        "`iop-faq serve --workers N` as shipped (gunicorn gevent workers, "
        f"{ServeOptions().connections} connections per worker, preloaded app, "
        "no access log (`IOP_FAQ_ACCESS_LOG` is off unless turned on), chat limit raised with "
        "`IOP_FAQ_CHAT_LIMIT` so the load is not throttled). As shipped, each worker keeps a "
        f"cache of its last {REPLY_CACHE:,} replies "
        "(`bot/cache.py`); the wrk mix repeats its messages, so after the warm-up every request "
        "of the **chat** rows is a repeat answered from that cache, as questions sent from the "
        "widget's suggestion buttons are. `(no reply cache)` is the shipped app with "
        "`IOP_FAQ_REPLY_CACHE=0`: every message answered afresh, the cost of questions never "
        "asked before. **echo** is `bench/echo_app.py`, a bare Flask app returning the JSON body, "
        "under the same gunicorn settings (`web.server.ServeOptions`): the ceiling of this "
        "stack. `(limits in Redis)` is the shipped chat app with its rate-limit counters in a "
        "local `redis-server` instead of `memory://`; `(access log on)` is the shipped chat app "
        "with `IOP_FAQ_ACCESS_LOG=1`, one log line per request written to standard error as "
        "`iop-faq serve` writes it (here into a file); `(one stored reply)` is the shipped chat "
        "app with `Bot.reply` replaced by one stored reply (`bench/stub_app.py`): what "
        "`/api/chat` costs when answering costs nothing. Rows with a gunicorn setting in "
        "brackets (`--gunicorn-set`) run both apps with that setting changed. Errors are "
        "non-2xx responses plus socket errors; worker RSS is each worker's peak (`VmHWM`), "
        "the largest shown; CPU split is how the workers shared the CPU time the load cost "
        "(`/proc/PID/stat`). gunicorn's gthread workers race to accept connections, and wrk "
        "opens all of its keep-alive connections at once, so one worker sometimes takes them "
        "all and the other idles for the whole run; such a pinned run (one worker above 80 % "
        "of the CPU time) says nothing about two workers, so it is repeated, up to three "
        "attempts, and the table counts the pinned runs discarded.\n\n"
        + _table(
            [
                "server",
                "workers",
                "req/s",
                "of echo",
                "p50",
                "p99",
                "errors",
                "worker RSS",
                "CPU split",
                "pinned runs",
            ],
            rows,
        )
        + _variant_notes(r["rows"])
    )


def _variant_notes(rows: list[dict[str, Any]]) -> str:
    """Each chat variant's throughput against the shipped chat row with as many workers."""
    notes = []
    for row in rows:
        if row["server"] != "chat" or row["label"] == "chat":
            continue
        shipped = next(
            (r for r in rows if r["label"] == "chat" and r["workers"] == row["workers"]), None
        )
        if shipped and shipped["rps"]:
            notes.append(
                f"- `{row['label']}`, {row['workers']} workers: {row['rps'] / shipped['rps']:.2f}x "
                f"the requests/s of the shipped setting, p99 {row['p99_ms']:.1f} ms against "
                f"{shipped['p99_ms']:.1f} ms."
            )
    return ("\n\n" + "\n".join(notes)) if notes else ""


def _appcost(results: dict[str, Any]) -> str:
    """Per-request app time, and the budget the 60 % target leaves it (given the HTTP rows)."""
    from bench.appcost import budget

    cost = results["appcost"]
    cached = cost.get("cached_chat_ms")
    text = (
        "The echo and chat WSGI apps called directly with the bodies wrk sends (no server, no "
        "sockets; no access log, as shipped), and "
        "`Bot.reply` alone on the same turns; best of five rounds, mean per request. The chat "
        "app runs without its reply cache (`IOP_FAQ_REPLY_CACHE=0`) so the parts add up; the "
        "last column is the shipped app answering the same, repeated, bodies from its cache.\n\n"
        + _table(
            [
                "echo app",
                "chat app, no cache",
                "of which Bot.reply",
                "of which the rest",
                "chat app, repeats from the cache",
            ],
            [
                [
                    f"{cost['echo_ms']:.3f} ms",
                    f"{cost['chat_ms']:.3f} ms",
                    f"{cost['bot_ms']:.3f} ms",
                    f"{cost['framework_ms']:.3f} ms",
                    f"{cached:.3f} ms" if cached is not None else "not run",
                ]
            ],
        )
        + '\n\n"The rest" is request parsing and checks, the rate-limit hit, security and limit '
        "headers and JSON encoding beyond what the echo app does."
    )
    rows = (results.get("http") or {}).get("rows", [])
    echo1 = next((r for r in rows if r["label"] == "echo" and r["workers"] == 1), None)
    if echo1 and echo1["rps"]:
        b = budget(cost, echo1["rps"], 0.6)
        text += (
            f" With one worker, echo served {echo1['rps']:.0f} req/s: "
            f"{1000 / echo1['rps']:.3f} ms a request, of which the app is {cost['echo_ms']:.3f} ms "
            f"and the server (gunicorn, sockets, the kernel) about {b['server_ms']:.3f} ms. "
            f"If the server's share were the same for chat, reaching 60 % of echo would leave "
            f"the chat app **{b['allowed_app_ms']:.3f} ms** a request; answering afresh it "
            f"spends {cost['chat_ms']:.3f} ms, {cost['bot_ms']:.3f} ms of it in `Bot.reply`"
            + (f", and {cached:.3f} ms answering a repeat." if cached is not None else ".")
        )
    return text


def _reload(r: dict[str, Any]) -> str:
    load = r["load"]
    first = r["first_new_answer_s"]
    return (
        f"`iop-faq serve --workers {r['workers']}` under the wrk load above; 2 s in, `python "
        "train.py --sources <copy with one new article> --index <the served file> --force` "
        "rebuilds the index and atomically replaces the served file (`--force`: the golden-set "
        "floor is not what this measures). A question only the new article answers is asked "
        "before, then repeatedly while the load goes on until 20 replies in a row come from "
        "the new index; the load stops 2 s later.\n\n"
        + _table(
            [
                "requests under load",
                "failed",
                "train.py",
                "before",
                "first new answer",
                "last 20 replies new",
                "result",
            ],
            [
                [
                    f"{load.get('requests', 0):,}",
                    str(load.get("errors", "?")),
                    f"{r['train']['seconds']:.1f} s",
                    f"{r['before']['intent']} (fact absent)"
                    if not r["before"]["has_fact"]
                    else "fact present",
                    f"{first:.2f} s after train.py exits" if first is not None else "never",
                    "yes" if r["after_all_new"] else "no",
                    "pass" if r["passed"] else "**fail**",
                ]
            ],
        )
    )


def _scaleout(r: dict[str, Any]) -> str:
    rows = []
    for name, label in (("redis", "Redis (shared)"), ("memory", "memory:// (per instance)")):
        s = r[name]
        rows.append(
            [
                label,
                str(s["sent"]),
                f"{s['accepted']} (A {s['accepted_by'][0]}, B {s['accepted_by'][1]})",
                str(s["first_429_at"]),
                "yes" if s["429_carry_crisis_line"] else "no",
            ]
        )
    conv = [
        [
            c["id"],
            str(c["status"]),
            "yes" if c["same_as_one_process"] else "no",
            "yes" if c["passed"] else "no",
        ]
        for c in r["conversations"]
    ]
    return (
        "Two `iop-faq serve` instances (one worker each, different ports, the same "
        "`IOP_FAQ_CLIENT_SALT` so one client has one key everywhere), limits counted in a "
        "throwaway `redis-server` started by the bench on a free port. One client sends "
        f"requests alternating between A and B with the chat limit set to {r['limit']}; the "
        "same again with per-instance `memory://` storage shows what Redis prevents.\n\n"
        + _table(
            ["limit storage", "sent", "accepted", "first 429 (request #)", "429 carries 988 line"],
            rows,
        )
        + "\n\nAny instance answers any turn: for each dev-set follow-up, the earlier turns go "
        "to A and the follow-up to B with the context A returned; the reply is compared with "
        "one in-process bot answering the whole conversation.\n\n"
        + _table(["case", "status", "same reply as one process", "passes the dev-set rule"], conv)
    )


def render(results: dict[str, Any], command: str, figure: str | None) -> str:
    """The whole page."""
    parts = [
        "# Benchmarks",
        "Generated by the command below from one run; re-run it to refresh every figure "
        "(`--quick` for a two-minute pass, `--parts` to choose parts, `--help` for the rest).",
        f"```sh\npip install -e '.[bench]'   # bm25s, matplotlib, redis\n{command}\n```",
        "`wrk` and `redis-server` are installed with apt-get when missing. "
        "`python -m bench.hotspots` (with `pip install pyinstrument`) shows a call tree of "
        "replies or of an index build.",
        "## Machine",
        _machine(results["machine"]),
        "## Targets",
        _targets(results),
    ]
    sections = (
        ("startup", "## Cold start", _startup),
        ("inprocess", "## In-process reply latency", lambda r: _inprocess(r)),
        ("crisiscost", "## Crafted messages", _crisiscost),
        ("scale", "## Cost against corpus size", lambda r: _scale(r, figure)),
        ("baselines", "## Baselines: BM25 and plain TF-IDF", _baselines),
        ("profile", "## Where the time goes", _profile),
        ("http", "## HTTP: `/api/chat` against the echo ceiling", _http),
        ("reload", "## Reload without restart", _reload),
        ("scaleout", "## Scale-out: two instances, one Redis", _scaleout),
    )
    for key, title, make in sections:
        if results.get(key):
            parts += [title, make(results[key])]
        if key == "http" and results.get("appcost"):
            parts += ["## Per-request cost inside the app", _appcost(results)]
    return "\n\n".join(parts) + "\n"


def write(results: dict[str, Any], command: str, docs: Path) -> Path:
    """Write docs/benchmarks.md (and the PNG when the run covered corpus sizes)."""
    from bench.plot import scale_figure

    figure = None
    if results.get("scale") and len(results["scale"]) >= 2:
        scale_figure(results["scale"], docs / "benchmarks.png")
        figure = "benchmarks.png"
    path = docs / "benchmarks.md"
    text = render(results, command, figure)
    soak = docs / "soak.json"
    if soak.exists():  # the soak run (python -m bench.soak --write-docs) is kept across runs
        from bench.soak import render_section

        text += "\n" + render_section(json.loads(soak.read_text())) + "\n"
    path.write_text(text, encoding="utf-8")
    return path
