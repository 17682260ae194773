"""Requests crafted to break the server get a 4xx JSON error or the right behaviour."""

from __future__ import annotations

import io

from flask.testing import FlaskClient

from bot.conversation import MAX_TURN


def test_oversized_chunked_body_is_a_413(client: FlaskClient) -> None:
    body = b'{"message": "' + b"a" * 40_000 + b'"}'
    response = client.post(
        "/api/chat",
        input_stream=io.BytesIO(body),
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 413
    assert "limit is 16384 bytes" in response.get_json()["error"]


def test_small_chunked_body_is_answered(client: FlaskClient) -> None:
    response = client.post(
        "/api/chat",
        input_stream=io.BytesIO(b'{"message": "How long does IOP last?"}'),
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 200


def test_options_lists_the_methods_without_a_body(client: FlaskClient) -> None:
    response = client.options("/api/chat")
    assert response.status_code == 204
    assert response.get_data() == b""
    assert "Content-Type" not in response.headers
    assert {m.strip() for m in response.headers["Allow"].split(",")} >= {"POST", "OPTIONS"}


def test_the_last_turn_gives_a_context_that_is_accepted_back(client: FlaskClient) -> None:
    context = {"turn": MAX_TURN - 1}
    for _ in range(3):
        response = client.post("/api/chat", json={"message": "what is IOP?", "context": context})
        assert response.status_code == 200, response.get_json()
        context = response.get_json()["context"]
    assert context["turn"] == MAX_TURN


def test_message_at_the_limit_is_answered(client: FlaskClient) -> None:
    message = ("how long does IOP last " * 50)[:1000]
    assert client.post("/api/chat", json={"message": message}).status_code == 200


def test_a_whole_number_written_as_a_float_is_a_turn(client: FlaskClient) -> None:
    response = client.post("/api/chat", json={"message": "what is IOP?", "context": {"turn": 3.0}})
    assert response.status_code == 200
    assert response.get_json()["context"]["turn"] == 4


def test_schema_and_validation_share_the_configured_message_limit(make_app) -> None:
    client = make_app(IOP_FAQ_BOT_MAX_MESSAGE_CHARS=50).test_client()
    schema = client.get("/api/openapi.json").get_json()["components"]["schemas"]["ChatRequest"]
    assert schema["properties"]["message"]["maxLength"] == 50
    response = client.post("/api/chat", json={"message": "a" * 50 + " " * 10})
    assert response.status_code == 400 and "the limit is 50" in response.get_json()["error"]
    assert client.post("/api/chat", json={"message": "what is IOP?"}).status_code == 200
