"""Every log line is one line; what a client sends cannot forge lines or reach the logs."""

from __future__ import annotations

import io
import logging
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.web.live import LiveServer, live_server
from web.logs import EscapingFormatter, RedactingFilter, escape_controls


def test_control_characters_are_escaped() -> None:
    assert escape_controls("a\nb\rc\x1b[31m\x00\u2028") == "a\\x0ab\\x0dc\\x1b[31m\\x00\\x2028"


def formatted(record_message: str, *args: object, name: str = "gunicorn.error") -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(EscapingFormatter("%(message)s"))
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger(name + ".test")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        logger.warning(record_message, *args)
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_bad_request_messages_lose_address_and_bytes() -> None:
    line = formatted("Invalid request from ip=203.0.113.9: Invalid HTTP method: 'SECRET\nX'")
    assert "203.0.113.9" not in line and "SECRET" not in line
    assert line == "invalid request: Invalid HTTP method: (request bytes not logged)\n"


def test_request_uri_loses_its_query_string() -> None:
    line = formatted("Error handling request %s %s", "GET", "/api/health?q=my+name")
    assert line == "Error handling request GET /api/health\n"


def test_a_traceback_is_one_line() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(EscapingFormatter("%(message)s"))
    logger = logging.getLogger("iop_faq.test.traceback")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        try:
            raise ValueError("boom")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    assert stream.getvalue().count("\n") == 1 and "ValueError" in stream.getvalue()


def test_access_log_path_cannot_start_a_new_line(
    make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    client = make_app(IOP_FAQ_ACCESS_LOG=True).test_client()
    with caplog.at_level(logging.INFO, logger="iop_faq.access"):
        client.get("/api/health%0a2026-01-01 INFO iop_faq.access: GET /forged 200")
    [record] = [r for r in caplog.records if r.name == "iop_faq.access"]
    line = EscapingFormatter("%(message)s").format(record)
    assert "\n" not in line and "\\x0a" in line


@pytest.fixture(scope="module")
def server(index_path: Path) -> Iterator[LiveServer]:
    with live_server(index_path, env={"IOP_FAQ_ACCESS_LOG": "1"}) as running:
        yield running


def send_raw(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(4096):
            chunks.append(chunk)
    return b"".join(chunks)


def test_gunicorn_logs_no_address_and_no_bytes_of_a_malformed_request(
    server: LiveServer,
) -> None:
    answer = send_raw(server.port, b"SECRETMETHOD\x01 /x HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400")
    answer = send_raw(server.port, b"GET /api/health HTTP/1.1\r\nBad\x01Header: SECRET\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400")
    send_raw(
        server.port, b"GET /api/health%0aFORGED HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    deadline = time.monotonic() + 10
    while not ("FORGED" in server.log_text() and server.log_text().count("invalid request") >= 2):
        assert time.monotonic() < deadline, server.log_text()
        time.sleep(0.1)
    text = server.log_text()
    assert "SECRET" not in text and "ip=" not in text
    assert not any(line.startswith("FORGED") for line in server.lines)
