"""Security headers on every response, and CORS for the sites allowed to embed the widget."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from flask import Flask
from flask_cors import CORS

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment


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


class SecurityHeaders:
    """WSGI middleware putting the security headers on every response (ours win over any a
    view set): done on the raw header list, it costs next to nothing per request."""

    def __init__(self, app: WSGIApplication, headers: list[tuple[str, str]]) -> None:
        self.app = app
        self.headers = headers
        self.names = frozenset(name.lower() for name, _ in headers)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        def with_headers(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            kept = [h for h in headers if h[0].lower() not in self.names]
            return start_response(status, kept + self.headers, exc_info)

        return self.app(environ, with_headers)


def init_app(app: Flask) -> None:
    """Headers on every response; CORS on /api/* for the configured origins only."""
    headers = security_headers(app.config["IOP_FAQ_FRAME_ANCESTORS"])
    app.wsgi_app = SecurityHeaders(app.wsgi_app, headers)  # type: ignore[method-assign]
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
