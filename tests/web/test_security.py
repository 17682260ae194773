"""Security headers on every response, CORS for allowed origins only, no cookies."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

REQUESTS = [
    ("GET", "/", None),
    ("GET", "/widget.js", None),
    ("GET", "/widget.css", None),
    ("GET", "/api/health", None),
    ("GET", "/api/openapi.json", None),
    ("POST", "/api/chat", {"message": "how long does IOP last?"}),
    ("POST", "/api/chat", {"message": ""}),
    ("GET", "/api/missing", None),
    ("GET", "/missing", None),
]


def directives(policy: str) -> dict[str, str]:
    pairs = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return {name: value for name, value in pairs}


@pytest.mark.parametrize(("method", "path", "body"), REQUESTS)
def test_every_response_carries_the_security_headers(
    client: FlaskClient, method: str, path: str, body: dict | None
) -> None:
    response = client.open(path, method=method, json=body)
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["script-src"] == "'self'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "Set-Cookie" not in response.headers


def test_frame_ancestors_is_configurable(make_app: Callable[..., Flask]) -> None:
    app = make_app(IOP_FAQ_FRAME_ANCESTORS="https://clinic.example")
    policy = directives(app.test_client().get("/").headers["Content-Security-Policy"])
    assert policy["frame-ancestors"] == "https://clinic.example"


def test_no_cors_headers_by_default(client: FlaskClient) -> None:
    response = client.post(
        "/api/chat", json={"message": "hello"}, headers={"Origin": "https://clinic.example"}
    )
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


@pytest.fixture
def cors_client(make_app: Callable[..., Flask]) -> FlaskClient:
    return make_app(IOP_FAQ_CORS_ORIGINS=["https://clinic.example"]).test_client()


def test_cors_allows_a_listed_origin(cors_client: FlaskClient) -> None:
    response = cors_client.post(
        "/api/chat", json={"message": "hello"}, headers={"Origin": "https://clinic.example"}
    )
    assert response.headers["Access-Control-Allow-Origin"] == "https://clinic.example"
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_cors_preflight_for_a_listed_origin(cors_client: FlaskClient) -> None:
    response = cors_client.options(
        "/api/chat",
        headers={
            "Origin": "https://clinic.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "https://clinic.example"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "content-type" in response.headers["Access-Control-Allow-Headers"].lower()


def test_cors_denies_an_unlisted_origin(cors_client: FlaskClient) -> None:
    response = cors_client.post(
        "/api/chat", json={"message": "hello"}, headers={"Origin": "https://evil.example"}
    )
    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_origins_from_the_environment(
    make_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOP_FAQ_CORS_ORIGINS", "https://a.example, https://b.example")
    client = make_app().test_client()
    response = client.get("/api/health", headers={"Origin": "https://b.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "https://b.example"


def test_widget_files_can_be_loaded_by_other_sites(client: FlaskClient) -> None:
    response = client.get("/widget.js")
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
