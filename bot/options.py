"""Command-line options shared by every command that reads the index."""

from __future__ import annotations

from pathlib import Path

import click

from knowledge.paths import INDEX_ENV

DEFAULT_FLOOR = 0.8  # the golden-set pass rate a rebuilt index needs to go live

index_option = click.option(
    "--index",
    "index_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar=INDEX_ENV,
    default=None,
    help=f"Index file (default: ${INDEX_ENV} or the per-user cache; built on first use).",
)
