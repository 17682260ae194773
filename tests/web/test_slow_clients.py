"""Slow clients cannot stop `iop-faq serve`: while 200 connections dribble headers or bodies,
other visitors are answered within a second, and the slow ones are cut off at the deadlines."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.live import LiveServer, live_server, timed_json

SLOW_CONNECTIONS = 200


@pytest.fixture(scope="module")
def server(index_path: Path) -> Iterator[LiveServer]:
    limits = {"IOP_FAQ_CHAT_LIMIT": "10000/second"}  # every client here shares one address
    with live_server(
        index_path, "--header-timeout", "1", "--request-timeout", "2", env=limits
    ) as running:
        yield running


def open_slow_clients(port: int, count: int) -> list[socket.socket]:
    """Half send part of the headers, half full headers and part of the body; then they stall."""
    sockets = []
    for number in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        if number % 2:
            sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        else:
            sock.sendall(
                b"POST /api/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b'Content-Length: 1000\r\n\r\n{"message": "how lo'
            )
        sockets.append(sock)
    return sockets


def is_closed_by_server(sock: socket.socket, within: float) -> bool:
    sock.settimeout(within)
    try:
        while sock.recv(4096):
            pass
    except TimeoutError:
        return False
    except OSError:
        return True
    return True


def test_visitors_are_answered_while_slow_clients_hold_connections(server: LiveServer) -> None:
    assert timed_json(server.url("/api/chat"), {"message": "hello"})[0] == 200  # warm up
    slow = open_slow_clients(server.port, SLOW_CONNECTIONS)
    try:
        status, health, health_seconds = timed_json(server.url("/api/health"))
        chat_status, reply, chat_seconds = timed_json(
            server.url("/api/chat"), {"message": "How long does IOP last?"}
        )
        assert status == 200 and health["status"] == "ok"
        assert chat_status == 200 and reply["intent"] == "answer"
        assert health_seconds < 1 and chat_seconds < 1
        print(
            f"with {SLOW_CONNECTIONS} slow clients: "
            f"health {health_seconds:.3f} s, chat {chat_seconds:.3f} s"
        )
    finally:
        for sock in slow:
            sock.close()


def test_slow_clients_are_cut_off_at_the_deadlines(server: LiveServer) -> None:
    slow = open_slow_clients(server.port, 20)
    started = time.monotonic()
    try:
        assert all(is_closed_by_server(sock, within=6) for sock in slow)
        assert time.monotonic() - started < 6
    finally:
        for sock in slow:
            sock.close()


def test_a_dribbling_client_cannot_stretch_the_deadline(server: LiveServer) -> None:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    started = time.monotonic()
    try:
        sock.sendall(b"GET /api/health HTTP/1.1\r\n")
        closed = False
        while time.monotonic() - started < 5:
            try:
                sock.sendall(b"X")  # one header byte every 0.2 s, never finishing
            except OSError:
                closed = True
                break
            time.sleep(0.2)
        assert closed or is_closed_by_server(sock, within=0.5)
        assert time.monotonic() - started < 3
    finally:
        sock.close()
