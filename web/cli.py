"""`iop-faq serve`: the web app behind gunicorn (or the development server with --debug)."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from bot.options import index_option
from knowledge.errors import KnowledgeError
from knowledge.paths import INDEX_ENV


def configure_logging(debug: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


@click.command()
@click.option(
    "--host",
    envvar="IOP_FAQ_HOST",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (env IOP_FAQ_HOST).",
)
@click.option(
    "--port",
    envvar="IOP_FAQ_PORT",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (env IOP_FAQ_PORT).",
)
@click.option(
    "--workers",
    envvar="IOP_FAQ_WORKERS",
    type=click.IntRange(1, 64),
    default=2,
    show_default=True,
    help="Gunicorn worker processes (env IOP_FAQ_WORKERS).",
)
@click.option(
    "--threads",
    envvar="IOP_FAQ_THREADS",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Threads per worker (env IOP_FAQ_THREADS); replies are CPU-bound, so 1 keeps tail "
    "latency low; raise it when rate limits live in Redis.",
)
@index_option
@click.option(
    "--debug",
    is_flag=True,
    help="Use the Flask development server with the debugger (never in production).",
)
def serve(
    host: str, port: int, workers: int, threads: int, index_path: Path | None, debug: bool
) -> None:
    """Serve the JSON API, the widget and a demo page over HTTP."""
    from knowledge.store import ensure_index
    from web import create_app
    from web.config import ConfigError
    from web.server import ServeOptions, run_development, run_gunicorn

    configure_logging(debug)
    try:
        path = ensure_index(index_path, notify=lambda line: click.echo(line, err=True))
        app = create_app({INDEX_ENV: str(path)})
    except (KnowledgeError, ConfigError) as exc:
        raise click.ClickException(str(exc)) from exc
    options = ServeOptions(host=host, port=port, workers=workers, threads=threads)
    (run_development if debug else run_gunicorn)(app, options)
