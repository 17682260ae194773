"""Access log lines carry method, path, status and latency; never message text or addresses."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from web.config import ConfigError

SECRET = "my name is Zebediah Quux and I live at 12 Elm Street"
ADDRESS = "203.0.113.77"
LINE = re.compile(r"^POST /api/chat 200 \d+\.\dms client=[0-9a-f]{12}$")


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    """The app with its access log turned on (it is off unless asked for)."""
    return make_app(IOP_FAQ_ACCESS_LOG=True)


def chat(client: FlaskClient, message: str):
    return client.post(
        "/api/chat",
        json={"message": message},
        query_string={"q": "query-text"},
        environ_base={"REMOTE_ADDR": ADDRESS},
    )


def test_access_log_line(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        assert chat(client, SECRET).status_code == 200
    lines = [r.getMessage() for r in caplog.records if r.name == "iop_faq.access"]
    assert len(lines) == 1
    assert LINE.match(lines[0]), lines[0]


def test_no_message_text_address_or_query_anywhere_in_the_logs(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        chat(client, SECRET)
        chat(client, "i want to kill myself " + SECRET)
        client.post("/api/chat", json={"message": SECRET * 100})
    text = caplog.text
    assert caplog.records
    for secret in ("Zebediah", "Elm Street", "kill", ADDRESS, "query-text"):
        assert secret not in text


def test_client_hash_is_stable_per_client_and_differs_between_clients(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="iop_faq.access"):
        for address in (ADDRESS, ADDRESS, "198.51.100.1"):
            client.get("/api/health", environ_base={"REMOTE_ADDR": address})
    clients = [r.getMessage().rsplit("client=", 1)[1] for r in caplog.records]
    assert clients[0] == clients[1] != clients[2]


def test_errors_are_logged_too(client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="iop_faq.access"):
        client.get("/api/chat")
        client.post("/api/chat", json={"message": ""})
    assert [r.getMessage().split()[:3] for r in caplog.records] == [
        ["GET", "/api/chat", "405"],
        ["POST", "/api/chat", "400"],
    ]


def test_no_access_log_unless_asked_for(
    make_app: Callable[..., Flask], caplog: pytest.LogCaptureFixture
) -> None:
    for setting in ({}, {"IOP_FAQ_ACCESS_LOG": False}, {"IOP_FAQ_ACCESS_LOG": "off"}):
        client = make_app(**setting).test_client()
        with caplog.at_level(logging.DEBUG):
            assert chat(client, "how long does iop last?").status_code == 200
        assert not [r for r in caplog.records if r.name == "iop_faq.access"], setting
    client = make_app(IOP_FAQ_ACCESS_LOG="yes").test_client()
    with caplog.at_level(logging.DEBUG):
        chat(client, "how long does iop last?")
    assert [r for r in caplog.records if r.name == "iop_faq.access"]


def test_unreadable_access_log_setting_names_the_setting(make_app: Callable[..., Flask]) -> None:
    with pytest.raises(ConfigError, match="IOP_FAQ_ACCESS_LOG='maybe' is not valid"):
        make_app(IOP_FAQ_ACCESS_LOG="maybe")
