"""Serving the app: gunicorn in production, the Flask development server with --debug."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication
from werkzeug.serving import WSGIRequestHandler

from web.logs import GunicornLogger, hide_request_bytes
from web.worker import deadline_worker

# Settings that only newer gunicorn releases know; older ones run fine without them.
OPTIONAL_SETTINGS = {"control_socket_disable"}


@dataclass(frozen=True)
class ServeOptions:
    """Where and how many processes serve the app."""

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    connections: int = 1000  # open connections per worker (each one a greenlet)
    header_seconds: int = 5  # to receive a request's headers (and keep an idle connection)
    request_seconds: float = 10.0  # to receive a request's body and send the reply
    timeout: int = 30

    def gunicorn_config(self) -> dict[str, Any]:
        """Gunicorn settings: the app is created (and the index loaded) before forking; gevent
        workers, so that slow clients hold a greenlet each rather than a worker."""
        return {
            "bind": f"{self.host}:{self.port}",
            "workers": self.workers,
            "worker_class": deadline_worker(self.request_seconds),
            "worker_connections": self.connections,
            "keepalive": self.header_seconds,
            "timeout": self.timeout,
            "preload_app": True,
            "accesslog": None,
            "errorlog": "-",
            "logger_class": GunicornLogger,
            "proc_name": "iop-faq",
            "control_socket_disable": True,
        }


class GunicornServer(BaseApplication):
    """Gunicorn serving an app object that already exists."""

    def __init__(self, app: Flask, config: dict[str, Any]) -> None:
        self.application = app
        self.settings = config
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.settings.items():
            if key in OPTIONAL_SETTINGS and key not in self.cfg.settings:
                continue
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


class QuietRequestHandler(WSGIRequestHandler):
    """The development server without request lines, client addresses, request bytes or a
    `Server` header."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None

    def log(self, type: str, message: str, *args: Any) -> None:
        logging.getLogger("werkzeug").log(
            logging.ERROR if type == "error" else logging.INFO,
            "%s",
            hide_request_bytes(message % args if args else message),
        )

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() != "server":
            super().send_header(keyword, value)


def run_gunicorn(app: Flask, options: ServeOptions) -> None:
    """Serve with gunicorn until stopped."""
    GunicornServer(app, options.gunicorn_config()).run()


def run_development(app: Flask, options: ServeOptions) -> None:
    """Serve with the Flask development server on a loopback address: debug mode without the
    interactive debugger (never in production)."""
    app.run(
        host=options.host,
        port=options.port,
        debug=True,
        use_debugger=False,
        use_reloader=False,
        request_handler=QuietRequestHandler,
    )
