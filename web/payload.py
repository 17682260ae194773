"""Reading a chat request body: size, JSON syntax, nesting depth and text that cannot be encoded
are checked here, before the bot sees the message (each failure is a one-line ApiError)."""

from __future__ import annotations

import json
from typing import Any

from flask import Request
from werkzeug.exceptions import RequestEntityTooLarge, UnsupportedMediaType

from web.errors import ApiError

MAX_DEPTH = 32  # levels of nested arrays and objects in a request body


def read_body(request: Request) -> bytes:
    """The raw body; 413 when it is over the limit, also when it was sent in chunks."""
    data = request.get_data(cache=True)
    limit = request.max_content_length
    if request.content_length is None and limit is not None and len(data) >= limit:
        raise RequestEntityTooLarge()  # werkzeug stops reading a chunked body at the limit
    return data


def is_encodable(text: str) -> bool:
    """False for strings holding a lone UTF-16 surrogate, which no UTF-8 text can carry."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_value(value: Any, max_depth: int = MAX_DEPTH) -> str | None:
    """What is wrong with a parsed JSON value (too deep, or a string that is not text), or None."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if not is_encodable(item):
                return "the body holds a lone UTF-16 surrogate (\\ud800-\\udfff); send valid text"
        elif isinstance(item, (dict, list)):
            if depth > max_depth:
                return f"the body is nested more than {max_depth} levels deep"
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return None


def parse_json(data: bytes) -> Any:
    """The JSON value in `data`, or an ApiError."""
    try:
        return json.loads(data)
    except RecursionError as exc:
        raise ApiError(f"the body is nested more than {MAX_DEPTH} levels deep") from exc
    except ValueError as exc:  # also UnicodeDecodeError
        raise ApiError("the body is not valid JSON") from exc


def read_chat_request(request: Request, max_message_chars: int) -> tuple[Any, Any]:
    """The message and context of a chat request, or an ApiError saying what is wrong."""
    if not request.is_json:
        raise UnsupportedMediaType()
    body = parse_json(read_body(request))
    if not isinstance(body, dict):
        raise ApiError('the body must be a JSON object like {"message": "How long does IOP last?"}')
    problem = check_value(body)
    if problem:
        raise ApiError(problem)
    if "message" not in body:
        raise ApiError('message is missing; send {"message": "your question"}')
    message = body["message"]
    if isinstance(message, str) and len(message) > max_message_chars:
        raise ApiError(f"message is {len(message)} characters; the limit is {max_message_chars}")
    return message, body.get("context")
