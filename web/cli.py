"""`iop-faq serve`: the web app behind gunicorn (or the development server with --debug)."""

from __future__ import annotations

import ipaddress
import logging
from pathlib import Path

import click

from bot.options import index_option
from knowledge.errors import KnowledgeError
from knowledge.paths import INDEX_ENV


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine only."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


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
    "--connections",
    envvar="IOP_FAQ_CONNECTIONS",
    type=click.IntRange(1, 100_000),
    default=1000,
    show_default=True,
    help="Open connections per worker (env IOP_FAQ_CONNECTIONS).",
)
@click.option(
    "--header-timeout",
    envvar="IOP_FAQ_HEADER_TIMEOUT",
    type=click.IntRange(1, 300),
    default=5,
    show_default=True,
    help="Seconds to receive a request's headers; also how long an idle connection stays "
    "open (env IOP_FAQ_HEADER_TIMEOUT).",
)
@click.option(
    "--request-timeout",
    envvar="IOP_FAQ_REQUEST_TIMEOUT",
    type=click.FloatRange(0.1, 300),
    default=10.0,
    show_default=True,
    help="Seconds to receive a request's body and send the reply (env IOP_FAQ_REQUEST_TIMEOUT).",
)
@index_option
@click.option(
    "--debug",
    is_flag=True,
    help="Use the Flask development server on a loopback address (never in production).",
)
def serve(
    host: str,
    port: int,
    workers: int,
    connections: int,
    header_timeout: int,
    request_timeout: float,
    index_path: Path | None,
    debug: bool,
) -> None:
    """Serve the JSON API, the widget and a demo page over HTTP."""
    from knowledge.store import ensure_index
    from web import create_app, logs
    from web.config import ConfigError
    from web.server import ServeOptions, run_development, run_gunicorn

    if debug and not is_loopback(host):
        raise click.ClickException(
            f"--debug serves only on a loopback address (127.0.0.1, ::1 or localhost), "
            f"not {host}; run without --debug to serve others"
        )
    logs.configure(logging.DEBUG if debug else logging.INFO)
    try:
        path = ensure_index(index_path, notify=lambda line: click.echo(line, err=True))
        app = create_app({INDEX_ENV: str(path)})
    except (KnowledgeError, ConfigError) as exc:
        raise click.ClickException(str(exc)) from exc
    options = ServeOptions(
        host=host,
        port=port,
        workers=workers,
        connections=connections,
        header_seconds=header_timeout,
        request_seconds=request_timeout,
    )
    (run_development if debug else run_gunicorn)(app, options)
