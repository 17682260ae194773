"""The OpenAPI description is valid, covers every route, and real responses match it."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

IGNORED_METHODS = {"HEAD", "OPTIONS"}


@pytest.fixture
def spec(client: FlaskClient) -> dict[str, Any]:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def response_schema(spec: dict[str, Any], path: str, method: str, status: int) -> dict[str, Any]:
    operation = spec["paths"][path][method.lower()]
    content = operation["responses"][str(status)]["content"]["application/json"]
    return {**content["schema"], "components": spec["components"]}


def assert_matches(spec: dict[str, Any], path: str, method: str, response) -> None:
    schema = response_schema(spec, path, method, response.status_code)
    errors = list(Draft202012Validator(schema).iter_errors(response.get_json()))
    assert not errors, [e.message for e in errors]


def test_spec_is_valid_openapi(spec: dict[str, Any]) -> None:
    validate(spec)
    assert spec["openapi"].startswith("3.")


def test_every_route_is_described(app: Flask, spec: dict[str, Any]) -> None:
    routes = {
        (rule.rule, method.lower())
        for rule in app.url_map.iter_rules()
        for method in (rule.methods or set()) - IGNORED_METHODS
    }
    described = {(path, method) for path, item in spec["paths"].items() for method in item}
    assert routes == described


@pytest.mark.parametrize(
    "message", ["how long does IOP last?", "i want to kill myself", "hello", "what is the weather?"]
)
def test_chat_replies_match_the_schema(
    client: FlaskClient, spec: dict[str, Any], message: str
) -> None:
    response = client.post("/api/chat", json={"message": message})
    assert response.status_code == 200
    assert_matches(spec, "/api/chat", "POST", response)


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"json": {"message": ""}}, 400),
        ({"data": "x", "content_type": "text/plain"}, 415),
        ({"json": {"message": "x" * 20_000}}, 413),
    ],
)
def test_chat_errors_match_the_schema(
    client: FlaskClient, spec: dict[str, Any], kwargs: dict[str, Any], status: int
) -> None:
    response = client.post("/api/chat", **kwargs)
    assert response.status_code == status
    assert_matches(spec, "/api/chat", "POST", response)


def test_method_not_allowed_matches_the_schema(client: FlaskClient, spec: dict[str, Any]) -> None:
    response = client.get("/api/chat")
    assert response.status_code == 405
    assert_matches(spec, "/api/chat", "POST", response)


def test_rate_limited_reply_matches_the_schema(make_app, spec: dict[str, Any]) -> None:
    client = make_app(IOP_FAQ_CHAT_LIMIT="1/minute").test_client()
    client.post("/api/chat", json={"message": "hello"})
    response = client.post("/api/chat", json={"message": "hello"})
    assert response.status_code == 429
    assert_matches(spec, "/api/chat", "POST", response)


def test_health_matches_the_schema(client: FlaskClient, spec: dict[str, Any]) -> None:
    assert_matches(spec, "/api/health", "GET", client.get("/api/health"))


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("/", "text/html"),
        ("/widget.js", "text/javascript"),
        ("/widget.css", "text/css"),
        ("/demo.css", "text/css"),
        ("/api/openapi.json", "application/json"),
    ],
)
def test_other_routes_serve_the_described_media_type(
    client: FlaskClient, spec: dict[str, Any], path: str, media_type: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert media_type in spec["paths"][path]["get"]["responses"]["200"]["content"]
