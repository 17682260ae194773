"""Where the bench finds the project, the evaluation set and its own outputs."""

from __future__ import annotations

import os
from pathlib import Path

EVAL_ENV = "IOP_FAQ_EVAL"


def project_root() -> Path:
    """The checkout the bench lives in."""
    return Path(__file__).resolve().parent.parent


def default_eval_path() -> Path:
    """`$IOP_FAQ_EVAL`, else the dev set beside the checkout, else the shipped golden set."""
    env = os.environ.get(EVAL_ENV)
    if env:
        return Path(env)
    from bot.evaluation import dev_set_path

    beside = dev_set_path()
    if beside.is_file():
        return beside
    from knowledge.paths import data_dir

    return data_dir() / "golden.jsonl"


def results_dir() -> Path:
    """Raw JSON results of bench runs (not committed)."""
    return project_root() / "bench" / "results"


def docs_dir() -> Path:
    return project_root() / "docs"
