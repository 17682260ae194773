"""The JSON API: `POST /api/chat`, `GET /api/health`, `GET /api/openapi.json`."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, Response, current_app, jsonify, request

from bot.errors import InvalidContextError, InvalidMessageError
from web.config import SETTINGS
from web.errors import ApiError
from web.extension import get_state
from web.openapi import MAX_MESSAGE_CHARS, openapi_document
from web.payload import read_chat_request

bp = Blueprint("api", __name__, url_prefix="/api")


def message_limit() -> int:
    """The longest message the app's bot accepts, in characters."""
    settings = current_app.extensions.get(SETTINGS)
    return settings.bot.max_message_chars if settings else MAX_MESSAGE_CHARS


@bp.post("/chat")
def chat() -> Response:
    """Answer one message; the client sends back the previous reply's context."""
    message, context = read_chat_request(request, message_limit())
    try:
        reply = get_state().bot.reply(message, context)
    except (InvalidMessageError, InvalidContextError) as exc:
        raise ApiError(str(exc)) from exc
    return jsonify(reply.to_dict())


@bp.get("/health")
def health() -> Response:
    """Whether the service answers, and which index it answers from; `degraded` while the
    latest index file could not be loaded (the previous one keeps answering)."""
    holder = get_state().holder
    described = holder.bot.index.describe()
    status: dict[str, object] = {
        "status": "ok",
        "passages": described["passages"],
        "index_version": described["format_version"],
        "built_at": described.get("built_at"),
        "fingerprint": str(described.get("fingerprint", ""))[:12],
        "loaded_at": iso_time(holder.loaded_at),
    }
    failure = holder.failure
    if failure is not None:
        status["status"] = "degraded"
        status["problem"] = failure.reason
        status["failed_at"] = iso_time(failure.at)
        status["next_check_in"] = holder.next_check_in()
    return jsonify(status)


def iso_time(unix_time: float) -> str:
    return datetime.fromtimestamp(unix_time, UTC).isoformat(timespec="seconds")


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of this service."""
    return jsonify(openapi_document(current_app.config, message_limit()))


@bp.after_request
def no_store(response: Response) -> Response:
    """Replies are per conversation: never cache them."""
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@bp.after_request
def empty_options(response: Response) -> Response:
    """OPTIONS gets 204 with the allowed methods in `Allow` and no body to mistype."""
    if request.method == "OPTIONS" and response.status_code == 200 and not response.get_data():
        response.status_code = 204
        response.headers.pop("Content-Type", None)
    return response
