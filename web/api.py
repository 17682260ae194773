"""The JSON API: `POST /api/chat`, `GET /api/health`, `GET /api/openapi.json`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from bot.errors import InvalidContextError, InvalidMessageError
from web.errors import ApiError
from web.extension import get_state
from web.openapi import openapi_document

bp = Blueprint("api", __name__, url_prefix="/api")


def read_chat_request() -> tuple[Any, Any]:
    """The message and context of a chat request, or an ApiError saying what is wrong."""
    if not request.is_json:
        raise UnsupportedMediaType()
    try:
        body = request.get_json()
    except BadRequest as exc:
        raise ApiError("the body is not valid JSON") from exc
    if not isinstance(body, dict):
        raise ApiError('the body must be a JSON object like {"message": "How long does IOP last?"}')
    if "message" not in body:
        raise ApiError('message is missing; send {"message": "your question"}')
    return body["message"], body.get("context")


@bp.post("/chat")
def chat() -> Response:
    """Answer one message; the client sends back the previous reply's context."""
    message, context = read_chat_request()
    try:
        reply = get_state().bot.reply(message, context)
    except (InvalidMessageError, InvalidContextError) as exc:
        raise ApiError(str(exc)) from exc
    return jsonify(reply.to_dict())


@bp.get("/health")
def health() -> Response:
    """Whether the service answers, and which index it answers from."""
    state = get_state()
    described = state.bot.index.describe()
    return jsonify(
        {
            "status": "ok",
            "passages": described["passages"],
            "index_version": described["format_version"],
            "built_at": described.get("built_at"),
            "fingerprint": str(described.get("fingerprint", ""))[:12],
            "loaded_at": datetime.fromtimestamp(state.holder.loaded_at, UTC).isoformat(
                timespec="seconds"
            ),
        }
    )


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of this service."""
    return jsonify(openapi_document(current_app.config))


@bp.after_request
def no_store(response: Response) -> Response:
    """Replies are per conversation: never cache them."""
    response.headers.setdefault("Cache-Control", "no-store")
    return response
