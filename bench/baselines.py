"""Our index beside two baselines on the same passages and messages.

Every retriever is judged the same way: its top passage for a query passes when the
passage's text contains one of the case's expected strings (the dev-set rule, applied to
retrieval alone). Latency is the time from query text to a ranked top 5, measured in
interleaved rounds so that all three see the same machine conditions.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from bench.stats import latency_summary
from bench.synthetic import raw_paragraphs
from bench.workload import retrieval_queries
from bot.core import Bot
from knowledge.build import KnowledgeConfig, build_index
from knowledge.index import KnowledgeIndex
from knowledge.passages import Passage

Retriever = Callable[[str], list[int]]
TOP = 5


def _norm(text: str) -> str:
    """The dev-set comparison rule: straight quotes, collapsed whitespace, case-folded."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip().casefold()


def _top(scores: np.ndarray, limit: int = TOP) -> list[int]:
    limit = min(limit, len(scores))
    top = np.argpartition(-scores, limit - 1)[:limit]
    return [int(i) for i in sorted(top, key=lambda i: (-scores[i], i)) if scores[i] > 0]


def ours(index: KnowledgeIndex) -> Retriever:
    """The project's index: its analyzer and field-weighted scoring."""
    return lambda text: [hit.position for hit in index.search(text, TOP)]


def bm25(passages: Sequence[Passage]) -> Retriever:
    """bm25s (Lucene BM25, k1=1.5, b=0.75) over raw paragraphs, English stopwords."""
    import bm25s

    corpus = bm25s.tokenize(raw_paragraphs(list(passages)), stopwords="en", show_progress=False)
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)

    def search(text: str) -> list[int]:
        tokens = bm25s.tokenize([text], stopwords="en", return_ids=False, show_progress=False)[0]
        known = [t for t in tokens if t in retriever.vocab_dict]
        return _top(retriever.get_scores(known)) if known else []

    return search


def plain_tfidf(passages: Sequence[Passage]) -> Retriever:
    """scikit-learn `TfidfVectorizer()` with its defaults over raw paragraphs, cosine ranking."""
    vectorizer = TfidfVectorizer()
    matrix = vectorizer.fit_transform(raw_paragraphs(list(passages))).tocsr()

    def search(text: str) -> list[int]:
        return _top((matrix @ vectorizer.transform([text]).T).toarray()[:, 0])

    return search


def pass_rate(
    retriever: Retriever, passages: Sequence[Passage], queries: list[tuple[str, list[str]]]
) -> float:
    """Share of queries whose top passage contains an expected string."""
    passed = 0
    for text, wanted in queries:
        ranked = retriever(text)
        if ranked:
            body = _norm(f"{passages[ranked[0]].question} {passages[ranked[0]].answer}")
            passed += any(_norm(w) in body for w in wanted)
    return passed / len(queries) if queries else 0.0


def interleaved_latency(
    retrievers: dict[str, Retriever], texts: Sequence[str], repetitions: int
) -> dict[str, list[float]]:
    """Seconds per query for each retriever, alternating retrievers every round."""
    samples: dict[str, list[float]] = {name: [] for name in retrievers}
    clock = time.perf_counter
    for retriever in retrievers.values():  # warm up
        for text in texts:
            retriever(text)
    for _ in range(repetitions):
        for name, retriever in retrievers.items():
            bucket = samples[name]
            for text in texts:
                started = clock()
                retriever(text)
                bucket.append(clock() - started)
    return samples


def run(eval_path: Path, repetitions: int) -> dict[str, Any]:
    """Build all three on the default corpus and compare them."""
    index = build_index(KnowledgeConfig.default())
    passages = index.passages
    queries = retrieval_queries(eval_path)
    builds: dict[str, float] = {}
    retrievers: dict[str, Retriever] = {"ours": ours(index)}
    for name, make in (("bm25s", bm25), ("tfidf-defaults", plain_tfidf)):
        started = time.perf_counter()
        retrievers[name] = make(passages)
        builds[name] = time.perf_counter() - started
    bot = Bot(index)

    def reply(text: str) -> list[int]:
        bot.reply(text)  # the whole reply: every handler, learned layers, extraction
        return []

    timed: dict[str, Retriever] = {**retrievers, "bot.reply": reply}
    samples = interleaved_latency(timed, [q for q, _ in queries], repetitions)
    rows = {}
    for name, retriever in retrievers.items():
        rows[name] = {
            "latency": latency_summary(samples[name]),
            "top1_pass_rate": pass_rate(retriever, passages, queries),
        }
    reply_latency = latency_summary(samples["bot.reply"])
    base = rows["ours"]
    for row in rows.values():
        row["p50_ratio"] = row["latency"]["p50_ms"] / base["latency"]["p50_ms"]
        base_rate = base["top1_pass_rate"]
        row["pass_ratio"] = row["top1_pass_rate"] / base_rate if base_rate else float("nan")
    return {
        "passages": len(passages),
        "queries": len(queries),
        "repetitions": repetitions,
        "baseline_build_s": builds,
        "ngram_range": list(getattr(index.analyzer, "ngram_range", (1, 1))),
        "rows": rows,
        "reply": {
            "latency": reply_latency,
            "x_bm25s": reply_latency["p50_ms"] / rows["bm25s"]["latency"]["p50_ms"],
        },
    }


def format_result(result: dict[str, Any]) -> str:
    lines = [
        f"retrieval on {result['passages']} passages, {result['queries']} answer/follow-up queries "
        f"x {result['repetitions']}",
        f"{'retriever':<16} {'p50 ms':>8} {'p99 ms':>8} {'x ours':>7} "
        f"{'top-1 pass':>11} {'x ours':>7}",
    ]
    for name, row in result["rows"].items():
        lat = row["latency"]
        lines.append(
            f"{name:<16} {lat['p50_ms']:>8.3f} {lat['p99_ms']:>8.3f} {row['p50_ratio']:>7.2f} "
            f"{row['top1_pass_rate']:>11.1%} {row['pass_ratio']:>7.2f}"
        )
    reply = result.get("reply")
    if reply:
        lat = reply["latency"]
        lines.append(
            f"{'bot.reply':<16} {lat['p50_ms']:>8.3f} {lat['p99_ms']:>8.3f}   "
            f"(the whole reply: {reply['x_bm25s']:.2f} x bm25s retrieval)"
        )
    return "\n".join(lines)
