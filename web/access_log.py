"""Access log lines: method, path, status, latency and a salted client hash; no bodies."""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, g, request

from web.extension import get_state

log = logging.getLogger("iop_faq.access")


def start_timer() -> None:
    g.iop_faq_started = time.perf_counter()


def log_request(response: Response) -> Response:
    started = g.get("iop_faq_started")
    elapsed = (time.perf_counter() - started) * 1000 if started else 0.0
    log.info(
        "%s %s %s %.1fms client=%s",
        request.method,
        request.path,
        response.status_code,
        elapsed,
        get_state().client_id(),
    )
    return response


def init_app(app: Flask) -> None:
    """Time every request and log one line when it is answered."""
    app.before_request(start_timer)
    app.after_request(log_request)
