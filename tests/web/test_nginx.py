"""The shipped nginx configuration (deploy/nginx-iop-faq.conf) in front of `iop-faq serve`."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.web.live import LiveServer, live_server, timed_json

SITE = Path(__file__).resolve().parents[2] / "deploy" / "nginx-iop-faq.conf"
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/bin/nginx") if os.access(p, os.X_OK)), None
)

pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (tests/run.sh)")


@dataclass
class Front:
    """nginx on a free port, proxying to a live app."""

    port: int
    app: LiveServer
    logs: Path

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_for_test(app_port: int, port: int, logs: Path) -> str:
    """The shipped site with the test's ports and log directory, nothing else changed."""
    text = SITE.read_text()
    text = text.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};")
    text = re.sub(r"listen 80;", f"listen 127.0.0.1:{port};", text)
    text = re.sub(r"\n\s*listen \[::\]:80;", "", text)
    return text.replace("/var/log/nginx/", f"{logs}/")


def main_config(prefix: Path, site: Path) -> str:
    temp = "\n".join(
        f"    {kind}_temp_path {prefix}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}worker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\n"
        "events { worker_connections 1024; }\n"
        f"http {{\n{temp}\n    access_log off;\n    include {site};\n}}\n"
    )


@pytest.fixture(scope="module")
def front(index_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Front]:
    prefix = tmp_path_factory.mktemp("nginx")
    env = {"IOP_FAQ_PROXY_COUNT": "1", "IOP_FAQ_CHAT_LIMIT": "3/minute"}
    with live_server(index_path, env=env) as app:
        port = free_port()
        site = prefix / "site.conf"
        site.write_text(site_for_test(app.port, port, prefix))
        config = prefix / "nginx.conf"
        config.write_text(main_config(prefix, site))
        assert NGINX is not None
        process = subprocess.Popen(
            [NGINX, "-p", str(prefix), "-c", str(config), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    assert process.poll() is None, process.stderr.read().decode()  # type: ignore[union-attr]
                    assert time.monotonic() < deadline, "nginx did not start"
                    time.sleep(0.1)
            yield Front(port, app, prefix)
        finally:
            process.terminate()
            process.wait(timeout=10)
            assert process.stderr is not None
            process.stderr.close()


def test_chat_and_health_through_nginx(front: Front) -> None:
    status, health, _ = timed_json(front.url("/api/health"))
    assert status == 200 and health["status"] == "ok"
    status, reply, _ = timed_json(
        front.url("/api/chat") + "?private=query", {"message": "How long does IOP last?"}
    )
    assert status == 200 and reply["intent"] == "answer"
    with urllib.request.urlopen(front.url("/api/health")) as answer:
        assert answer.headers["Server"] == "nginx"  # no version
        assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_forged_forwarded_for_does_not_escape_the_limit(front: Front) -> None:
    statuses = []
    for number in range(6):
        request = urllib.request.Request(
            front.url("/api/chat"),
            data=b'{"message": "what is IOP?"}',
            headers={"Content-Type": "application/json", "X-Forwarded-For": f"10.0.0.{number}"},
        )
        try:
            with urllib.request.urlopen(request) as answer:
                statuses.append(answer.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
    assert 429 in statuses and statuses.count(200) <= 3


def test_oversized_body_is_a_json_413(front: Front) -> None:
    status, body, _ = timed_json(front.url("/api/chat"), {"message": "a" * 20_000})
    assert status == 413 and "16384 bytes" in body["error"]


def test_slow_clients_do_not_reach_the_app(front: Front) -> None:
    held = []
    try:
        for number in range(100):
            sock = socket.create_connection(("127.0.0.1", front.port), timeout=5)
            sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n" if number % 2 else b"POS")
            held.append(sock)
        status, _, seconds = timed_json(front.url("/api/health"))
        assert status == 200 and seconds < 1
    finally:
        for sock in held:
            sock.close()


def test_nginx_logs_keep_no_address_or_query(front: Front) -> None:
    timed_json(front.url("/api/health?who=someone"))
    time.sleep(0.2)
    log = (front.logs / "iop-faq.access.log").read_text()
    assert "/api/health" in log
    assert "127.0.0.1" not in log and "someone" not in log
