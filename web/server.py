"""Serving the app: gunicorn in production, the Flask development server with --debug."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication
from werkzeug.serving import WSGIRequestHandler

# Settings that only newer gunicorn releases know; older ones run fine without them.
OPTIONAL_SETTINGS = {"control_socket_disable"}


@dataclass(frozen=True)
class ServeOptions:
    """Where and how many processes serve the app."""

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    threads: int = 1  # replies are CPU-bound: more threads only queue on the GIL
    timeout: int = 30

    def gunicorn_config(self) -> dict[str, Any]:
        """Gunicorn settings: the app is created (and the index loaded) before forking."""
        return {
            "bind": f"{self.host}:{self.port}",
            "workers": self.workers,
            "threads": self.threads,
            "worker_class": "gthread",
            "timeout": self.timeout,
            "preload_app": True,
            "accesslog": None,
            "errorlog": "-",
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
    """The development server without its own request lines (they carry client addresses)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None


def run_gunicorn(app: Flask, options: ServeOptions) -> None:
    """Serve with gunicorn until stopped."""
    GunicornServer(app, options.gunicorn_config()).run()


def run_development(app: Flask, options: ServeOptions) -> None:
    """Serve with the Flask development server (debug mode; never in production)."""
    app.run(
        host=options.host,
        port=options.port,
        debug=True,
        use_reloader=False,
        request_handler=QuietRequestHandler,
    )
