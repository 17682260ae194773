"""Log output that clients cannot forge or use to leak data: every record is one line with
control characters escaped, and server messages about bad requests lose the client's address
and the bytes it sent (the same rules for the app's, gunicorn's and Werkzeug's loggers)."""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger as GunicornBaseLogger

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
INVALID_REQUEST = re.compile(r"^Invalid request from ip=[^:]*: (?P<error>.*)$", re.DOTALL)
QUOTED_FROM = re.compile(r"['\"].*$", re.DOTALL)


def escape_controls(text: str) -> str:
    """`text` with control characters (newlines included) written as `\\xNN` escapes."""
    return CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def hide_request_bytes(text: str) -> str:
    """A parser's error message without the quoted request bytes it cites."""
    return QUOTED_FROM.sub("(request bytes not logged)", text)


class RedactingFilter(logging.Filter):
    """Rewrites the server's messages about bad requests: no address, no request bytes, no
    query string."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        invalid = INVALID_REQUEST.match(message)
        if invalid:
            record.msg, record.args = (
                "invalid request: %s",
                (hide_request_bytes(invalid.group("error")),),
            )
        elif message.startswith("Error handling request ") and record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(str(arg).split("?", 1)[0] for arg in args)
        return True


class EscapingFormatter(logging.Formatter):
    """A formatter whose every record, traceback included, comes out as one line."""

    def format(self, record: logging.LogRecord) -> str:
        return escape_controls(super().format(record))


def make_safe(handler: logging.Handler, fmt: str = FORMAT, datefmt: str | None = None) -> None:
    """Give `handler` the escaping formatter and the redacting filter."""
    handler.setFormatter(EscapingFormatter(fmt, datefmt))
    if not any(isinstance(f, RedactingFilter) for f in handler.filters):
        handler.addFilter(RedactingFilter())


def configure(level: int) -> None:
    """Root logging for the server: one escaped line per record, redacted."""
    logging.basicConfig(level=level, format=FORMAT)
    for handler in logging.getLogger().handlers:
        make_safe(handler)


class GunicornLogger(GunicornBaseLogger):
    """Gunicorn's logger with the same escaping and redaction as the app's log."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                make_safe(handler, self.error_fmt, self.datefmt)
