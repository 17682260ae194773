"""Security headers on every response, and CORS for the sites allowed to embed the widget."""

from __future__ import annotations

from flask import Flask, Response, current_app
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


def add_security_headers(response: Response) -> Response:
    """The headers every response carries."""
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(
        current_app.config["IOP_FAQ_FRAME_ANCESTORS"]
    )
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    return response


def init_app(app: Flask) -> None:
    """Headers on every response; CORS on /api/* for the configured origins only."""
    app.after_request(add_security_headers)
    origins = list(app.config["IOP_FAQ_CORS_ORIGINS"])
    if origins:
        CORS(
            app,
            resources={r"/api/*": {"origins": origins}},
            methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Content-Type"],
            supports_credentials=False,
            max_age=600,
        )
