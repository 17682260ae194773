"""Rebuild the index from the sources, check it on the golden questions, swap it in atomically."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.core import Bot
from bot.crisis_figures import CrisisFigures, cross_validate_crisis
from bot.evaluation import EvalReport, evaluate, load_cases
from bot.options import DEFAULT_FLOOR
from bot.settings import BotSettings
from knowledge.build import KnowledgeConfig, build_index
from knowledge.index import KnowledgeIndex


def golden_set_path(config: KnowledgeConfig) -> Path:
    """The golden questions that ship with the project."""
    return config.data_dir / "golden.jsonl"


@dataclass
class TrainResult:
    """What a training run built, how it scored, and whether it went live."""

    index: KnowledgeIndex
    golden: EvalReport
    reports: dict[str, EvalReport] = field(default_factory=dict)
    saved: bool = False
    seconds: float = 0.0
    crisis: CrisisFigures | None = None  # cross-validated, when asked for


class BelowFloorError(Exception):
    """The new index scores under the floor on the golden set; the live index was kept."""


def train(
    config: KnowledgeConfig,
    index_path: Path,
    *,
    floor: float = DEFAULT_FLOOR,
    force: bool = False,
    eval_files: list[Path] | None = None,
    settings: BotSettings | None = None,
    progress: Callable[[str], None] = lambda _: None,
    crisis_cv: bool = False,
) -> TrainResult:
    """Build, score and (if good enough, or forced) atomically replace the index at `index_path`.

    Bad sources raise a `KnowledgeError` before anything is written; the live index is untouched.
    """
    started = time.perf_counter()
    progress(f"Reading sources from {config.sources_dir} ...")
    index = build_index(config)
    progress(
        f"Built {index.metadata['documents']} documents -> {len(index.passages)} passages, "
        f"vocabulary {index.vocabulary_size:,} terms in {index.metadata['build_seconds']:.2f} s"
    )
    stale = index.metadata.get("stale_curation") or []
    if stale:
        progress(
            f"warning: {len(stale)} curated.toml entries name passages the sources no longer "
            f"produce and were skipped: {', '.join(stale)} (see `iop-faq passages` for ids)"
        )
    bot = Bot(index, settings)
    golden = evaluate(bot, load_cases(golden_set_path(config)))
    result = TrainResult(index=index, golden=golden)
    if crisis_cv:
        progress("Cross-validating the crisis classifier (5 folds) ...")
        result.crisis = cross_validate_crisis(config, bot.crisis)
    for path in eval_files or []:
        progress(f"Scoring {path} ...")
        result.reports[str(path)] = evaluate(bot, load_cases(path))
    if golden.overall < floor and not force:
        raise BelowFloorError(
            f"the new index passes {golden.overall:.0%} of the golden questions, under the "
            f"{floor:.0%} floor; the live index at {index_path} was kept "
            "(use --force to replace it)"
        )
    index.save(index_path)
    result.saved = True
    result.seconds = time.perf_counter() - started
    progress(f"Wrote {index_path}")
    return result
