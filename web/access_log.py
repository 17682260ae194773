"""Access log lines: method, path, status, latency and a salted client hash; no bodies.

Off unless `IOP_FAQ_ACCESS_LOG` turns it on: a reverse proxy in front (the shipped nginx site)
logs every request already, and writing one log record per request costs the server about 15 %
of its throughput (docs/benchmarks-notes.md)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from flask import Flask

from web.config import flag_setting
from web.extension import client_hash, get_state_of

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger("iop_faq.access")


class AccessLog:
    """WSGI middleware writing one line per answered request. It sits inside any proxy fix,
    so the address it hashes is the client's."""

    def __init__(self, app: WSGIApplication, salt: bytes) -> None:
        self.app = app
        self.salt = salt

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if not log.isEnabledFor(logging.INFO):
            return self.app(environ, start_response)
        started = time.perf_counter()
        status = ["-"]

        def recording(line: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            status[0] = line.split(" ", 1)[0]
            return start_response(line, headers, exc_info)

        result = self.app(environ, recording)
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")
        log.info(
            "%s %s %s %.1fms client=%s",
            environ.get("REQUEST_METHOD", "-"),
            path or "/",
            status[0],
            (time.perf_counter() - started) * 1000,
            client_hash(self.salt, environ.get("REMOTE_ADDR")),
        )
        return result


def init_app(app: Flask) -> None:
    """Log one line for every request when it is answered, if the app's settings ask for it."""
    if not flag_setting(app.config, "IOP_FAQ_ACCESS_LOG"):
        return
    salt = get_state_of(app).client_salt  # the app's state is set up before its middleware
    app.wsgi_app = AccessLog(app.wsgi_app, salt)  # type: ignore[method-assign]
