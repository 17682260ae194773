"""Per-client rate limits on /api/chat; the 429 reply still carries the crisis line."""

from __future__ import annotations

from flask import Flask, Response
from flask_limiter import Limiter
from limits import parse_many
from limits.errors import ConfigurationError
from werkzeug.exceptions import TooManyRequests

from web.config import ConfigError
from web.errors import error_response, is_api_request
from web.extension import get_state

CRISIS_LINE = (
    "If you or someone you know is in crisis: call or text 988, or call 911 in an emergency."
)


def client_key() -> str:
    """Clients are counted by a salted hash of their address, never the address itself."""
    return get_state().client_id()


def crisis_line() -> str:
    """The bot's own crisis wording (data-driven), with a built-in fallback."""
    return get_state().bot.messages.get("resources_line", CRISIS_LINE)


def too_many_requests(exc: TooManyRequests) -> Response | TooManyRequests:
    if not is_api_request():
        return exc
    line = crisis_line()
    message = f"Too many messages; please wait a moment and try again. {line}"
    return error_response(message, 429, crisis=line)


def checked_limit(value: str) -> str:
    """The limit string, if the limits library can read it."""
    try:
        parse_many(value)
    except ValueError as exc:
        raise ConfigError(
            f"IOP_FAQ_CHAT_LIMIT={value!r} is not valid; write e.g. '30/minute;5/second'"
        ) from exc
    return value


def make_limiter(app: Flask, storage: str) -> Limiter:
    """A limiter on the given storage; if that storage fails later, limits fall back to memory."""
    app.config["RATELIMIT_STORAGE_URI"] = storage
    try:
        return Limiter(
            key_func=client_key,
            app=app,
            storage_uri=storage,
            default_limits=[],
            headers_enabled=True,
            strategy="fixed-window",
            key_prefix="iop-faq",
            swallow_errors=True,
            in_memory_fallback_enabled=True,
        )
    except ConfigurationError as exc:
        raise ConfigError(
            f"IOP_FAQ_RATELIMIT_STORAGE_URI={storage!r} is not usable: {exc}"
        ) from exc


def init_app(app: Flask) -> Limiter:
    """Attach a limiter and limit the chat endpoint."""
    limit = checked_limit(app.config["IOP_FAQ_CHAT_LIMIT"])
    limiter = make_limiter(app, app.config["IOP_FAQ_RATELIMIT_STORAGE_URI"])
    # A blueprint-level limit is checked once, in the limiter's before-request hook; only
    # POST /api/chat is a POST route of the blueprint.
    limiter.limit(limit, methods=["POST"])(app.blueprints["api"])
    app.register_error_handler(429, too_many_requests)
    return limiter
