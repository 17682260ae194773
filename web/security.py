"""Security headers on every response, and CORS for the sites allowed to embed the widget."""

from __future__ import annotations

from flask import Flask, Response
from flask_cors import CORS


def content_security_policy(frame_ancestors: str) -> str:
    """Same-origin everything, no inline script, no plugins."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def security_headers(frame_ancestors: str) -> list[tuple[str, str]]:
    """The headers every response carries (computed once per app)."""
    return [
        ("Content-Security-Policy", content_security_policy(frame_ancestors)),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]


def init_app(app: Flask) -> None:
    """Headers on every response; CORS on /api/* for the configured origins only."""
    headers = security_headers(app.config["IOP_FAQ_FRAME_ANCESTORS"])
    names = {name for name, _ in headers}

    def add_security_headers(response: Response) -> Response:
        if names.isdisjoint(response.headers.keys()):
            response.headers.extend(headers)
        else:
            for name, value in headers:
                response.headers[name] = value
        return response

    app.after_request(add_security_headers)
    origins = list(app.config["IOP_FAQ_CORS_ORIGINS"])
    if origins:
        CORS(
            app,
            resources={r"/api/*": {"origins": origins}},
            methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Content-Type"],
            expose_headers=["Retry-After"],
            supports_credentials=False,
            max_age=600,
        )
