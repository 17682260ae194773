"""Bad requests get a 4xx JSON error saying what is wrong; never a 500 or a traceback."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

BAD_CHAT_REQUESTS: list[tuple[str, dict[str, Any], int, str]] = [
    ("not json", {"data": "how long?", "content_type": "text/plain"}, 415, "application/json"),
    ("no content type", {"data": '{"message": "hi"}'}, 415, "application/json"),
    ("form body", {"data": {"message": "hi"}}, 415, "application/json"),
    (
        "broken json",
        {"data": '{"message": ', "content_type": "application/json"},
        400,
        "not valid JSON",
    ),
    (
        "not utf-8",
        {"data": b'{"message": "\xff"}', "content_type": "application/json"},
        400,
        "not valid JSON",
    ),
    ("json array", {"json": ["how long?"]}, 400, "JSON object"),
    ("json string", {"json": "how long?"}, 400, "JSON object"),
    ("json null", {"data": "null", "content_type": "application/json"}, 400, "JSON object"),
    ("missing message", {"json": {"question": "how long?"}}, 400, "message is missing"),
    ("empty message", {"json": {"message": ""}}, 400, "message is empty"),
    ("blank message", {"json": {"message": "   \n "}}, 400, "message is empty"),
    ("null message", {"json": {"message": None}}, 400, "must be a string"),
    ("number message", {"json": {"message": 42}}, 400, "must be a string"),
    ("list message", {"json": {"message": ["hi"]}}, 400, "must be a string"),
    ("long message", {"json": {"message": "a" * 1001}}, 400, "limit is 1000"),
    ("context not object", {"json": {"message": "hi", "context": "x"}}, 400, "context must be"),
    ("context list", {"json": {"message": "hi", "context": [1]}}, 400, "context must be"),
    ("context bad turn", {"json": {"message": "hi", "context": {"turn": -1}}}, 400, "context.turn"),
    (
        "context bad topic",
        {"json": {"message": "hi", "context": {"topic": 5}}},
        400,
        "context.topic",
    ),
    (
        "context bad safety",
        {"json": {"message": "hi", "context": {"safety": "yes"}}},
        400,
        "safety",
    ),
    (
        "context too big",
        {"json": {"message": "hi", "context": {f"k{i}": i for i in range(40)}}},
        400,
        "context has more than",
    ),
    ("body too large", {"json": {"message": "a" * 20_000}}, 413, "limit is 16384 bytes"),
    (
        "lone surrogate in message",
        {"data": '{"message": "hi \\ud800"}', "content_type": "application/json"},
        400,
        "lone UTF-16 surrogate",
    ),
    (
        "lone surrogate in context",
        {
            "data": '{"message": "hi", "context": {"topic": "\\udfff"}}',
            "content_type": "application/json",
        },
        400,
        "lone UTF-16 surrogate",
    ),
    (
        "context nested 2,000 levels deep",
        {
            "data": '{"message": "hi", "context": {"x": ' + "[" * 2000 + "]" * 2000 + "}}",
            "content_type": "application/json",
        },
        400,
        "nested more than 32 levels",
    ),
    (
        "context nested 40 levels deep",
        {
            "json": {
                "message": "hi",
                "context": {
                    "x": [
                        [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
                    ]
                },
            }
        },
        400,
        "nested more than 32 levels",
    ),
    (
        "message padded past the limit",
        {"json": {"message": "hi" + " " * 1200}},
        400,
        "limit is 1000",
    ),
    (
        "context turn past the end",
        {"json": {"message": "hi", "context": {"turn": 1_000_000}}},
        400,
        "context.turn",
    ),
]


@pytest.mark.parametrize(
    ("kwargs", "status", "says"),
    [case[1:] for case in BAD_CHAT_REQUESTS],
    ids=[case[0] for case in BAD_CHAT_REQUESTS],
)
def test_bad_chat_request_gets_a_json_error(
    client: FlaskClient, kwargs: dict[str, Any], status: int, says: str
) -> None:
    response = client.post("/api/chat", **kwargs)
    assert response.status_code == status
    assert response.is_json
    error = response.get_json()["error"]
    assert says in error
    assert "Traceback" not in error and "\n" not in error


def test_long_message_within_the_body_limit_is_a_400(client: FlaskClient) -> None:
    response = client.post("/api/chat", json={"message": "how long does it last " * 60})
    assert response.status_code == 400
    assert "the limit is 1000" in response.get_json()["error"]


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("GET", "/api/chat", "POST"),
        ("PUT", "/api/chat", "POST"),
        ("DELETE", "/api/health", "GET"),
        ("POST", "/api/health", "GET"),
        ("PATCH", "/api/openapi.json", "GET"),
    ],
)
def test_unknown_method_is_a_json_405(
    client: FlaskClient, method: str, path: str, allowed: str
) -> None:
    response = client.open(path, method=method)
    assert response.status_code == 405
    assert response.is_json
    assert response.get_json()["error"] == f"{method} is not allowed on {path}; use {allowed}"
    assert allowed in response.headers["Allow"]


@pytest.mark.parametrize("path", ["/api/nothing", "/api/chat/extra", "/api/", "/api"])
def test_unknown_api_path_is_a_json_404(client: FlaskClient, path: str) -> None:
    response = client.post(path, json={"message": "hi"})
    assert response.status_code == 404
    assert response.get_json() == {"error": f"no such endpoint: {path} (see /api/openapi.json)"}


def test_unknown_page_outside_the_api_is_html(client: FlaskClient) -> None:
    response = client.get("/nothing-here")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_unexpected_error_is_a_json_500_without_details(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = app.extensions["iop_faq"].bot

    def broken(message: str, context: object = None) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(bot, "reply", broken)
    response = client.post("/api/chat", json={"message": "hello"})
    assert response.status_code == 500
    assert response.get_json() == {"error": "internal error; please try again later"}
