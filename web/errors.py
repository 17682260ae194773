"""Errors under /api/ as JSON objects `{"error": "..."}`; never a traceback."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.wrappers import Response as WerkzeugResponse

log = logging.getLogger("iop_faq.web")

API_PREFIX = "/api"


def is_api_request() -> bool:
    """Whether the current request is for the JSON API."""
    return request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")


class ApiError(Exception):
    """A request the API refuses, with the status and a message saying what to fix."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def error_response(message: str, status: int, **extra: object) -> Response:
    """A JSON error reply."""
    response = jsonify({"error": message, **extra})
    response.status_code = status
    return response


def describe(exc: HTTPException) -> str:
    """One line saying what went wrong with the request."""
    code = exc.code or 500
    if code == 404:
        return f"no such endpoint: {request.path} (see /api/openapi.json)"
    if code == 405:
        allowed = ", ".join(
            sorted(set(getattr(exc, "valid_methods", None) or []) - {"HEAD", "OPTIONS"})
        )
        return f"{request.method} is not allowed on {request.path}; use {allowed}"
    if code == 413:
        limit = request.max_content_length
        return f"request body is too large; the limit is {limit} bytes"
    if code == 415:
        return "send the body as JSON with Content-Type: application/json"
    if code >= 500:
        return "internal error; please try again later"
    return exc.description or exc.name


def handle_http_error(exc: HTTPException) -> WerkzeugResponse | HTTPException:
    """JSON for API paths; the usual page elsewhere."""
    if not is_api_request():
        return exc
    response = exc.get_response()
    response.set_data(jsonify({"error": describe(exc)}).get_data())
    response.content_type = "application/json"
    return response


def handle_api_error(exc: ApiError) -> Response:
    return error_response(exc.message, exc.status)


def handle_unexpected(exc: Exception) -> WerkzeugResponse | HTTPException:
    """Log the bug (without request data) and answer 500."""
    log.error(
        "unhandled %s on %s %s", type(exc).__name__, request.method, request.path, exc_info=exc
    )
    return handle_http_error(InternalServerError())


def init_app(app: Flask) -> None:
    """Register the error handlers."""
    app.register_error_handler(ApiError, handle_api_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
