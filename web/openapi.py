"""The OpenAPI 3.1 description of the service (kept true by tests/web/test_openapi.py)."""

from __future__ import annotations

from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from bot.conversation import (
    MAX_CONTEXT_KEYS,
    MAX_OFFERED,
    MAX_SENTENCE_POSITION,
    MAX_SHOWN,
    MAX_TERM_LENGTH,
    MAX_TERMS,
    MAX_TOPIC_LENGTH,
    MAX_TURN,
)
from bot.reply import INTENTS
from bot.settings import BotSettings
from web.payload import MAX_DEPTH

MAX_MESSAGE_CHARS = BotSettings().max_message_chars

SCHEMAS: dict[str, Any] = {
    "ChatRequest": {
        "type": "object",
        "required": ["message"],
        "properties": {
            "message": {
                "type": "string",
                "minLength": 1,
                "maxLength": MAX_MESSAGE_CHARS,
                "pattern": "\\S",
                "description": "The visitor's question: at most 1,000 characters, not only "
                "white space, valid Unicode text (no lone surrogates).",
            },
            "context": {"$ref": "#/components/schemas/Context"},
        },
        "description": f"At most {MAX_DEPTH} levels of nested arrays and objects.",
    },
    "Context": {
        "type": ["object", "null"],
        "description": "The `context` of the previous reply, sent back unchanged; omit it to "
        "start a conversation. Unknown keys, topics and terms are ignored.",
        "maxProperties": MAX_CONTEXT_KEYS,
        "properties": {
            "turn": {"type": "integer", "minimum": 0, "maximum": MAX_TURN},
            "topic": {"type": ["string", "null"], "maxLength": MAX_TOPIC_LENGTH},
            "terms": {
                "type": "array",
                "maxItems": MAX_TERMS,
                "items": {"type": "string", "maxLength": MAX_TERM_LENGTH},
            },
            "safety": {"type": "boolean"},
            "help_first": {"type": "boolean"},
            "offered": {
                "type": "array",
                "maxItems": MAX_OFFERED,
                "items": {"type": "string", "maxLength": MAX_TOPIC_LENGTH},
            },
            "shown": {
                "type": "array",
                "maxItems": MAX_SHOWN,
                "items": {"type": "integer", "minimum": 0, "maximum": MAX_SENTENCE_POSITION},
            },
        },
    },
    "Source": {
        "type": "object",
        "required": ["title"],
        "properties": {
            "title": {"type": "string"},
            "file": {"type": "string"},
            "heading": {"type": "string"},
        },
        "additionalProperties": {"type": "string"},
    },
    "Reply": {
        "type": "object",
        "required": [
            "answer",
            "body",
            "intent",
            "confidence",
            "sources",
            "suggestions",
            "context",
        ],
        "additionalProperties": False,
        "properties": {
            "answer": {
                "type": "string",
                "description": "Plain text; paragraphs split by blank lines.",
            },
            "intent": {"type": "string", "enum": list(INTENTS)},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "sources": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/Source"},
                "description": "Where the answer comes from; for a crisis, the lines to call.",
            },
            "suggestions": {"type": "array", "items": {"type": "string"}},
            "body": {
                "type": "string",
                "description": "`answer` without the source line, help-line list, resources "
                "line and professional pointer, for clients that show those from `sources` "
                "and a notice of their own.",
            },
            "context": {
                "type": "object",
                "description": "Send this back with the next message (the server keeps no state).",
            },
        },
    },
    "WidgetConfig": {
        "type": "object",
        "required": [
            "max_message_chars",
            "starter_questions",
            "notice",
            "crisis_line",
            "crisis_lines",
        ],
        "additionalProperties": False,
        "properties": {
            "max_message_chars": {"type": "integer", "minimum": 1},
            "starter_questions": {"type": "array", "items": {"type": "string"}},
            "notice": {"type": "string", "description": "Shown once, above the conversation."},
            "crisis_line": {"type": "string", "description": "The crisis line in one sentence."},
            "crisis_lines": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/Source"},
                "description": "Help lines shown on every page, with `tel`/`sms`/`sms_body`.",
            },
        },
    },
    "Health": {
        "type": "object",
        "required": ["status", "passages", "index_version", "built_at", "fingerprint", "loaded_at"],
        "additionalProperties": False,
        "properties": {
            "status": {
                "type": "string",
                "enum": ["ok", "degraded"],
                "description": "`degraded`: the latest index file could not be loaded; the "
                "previous index keeps answering.",
            },
            "passages": {"type": "integer", "minimum": 0},
            "index_version": {"type": "integer"},
            "built_at": {"type": ["string", "null"], "description": "ISO 8601 build time."},
            "fingerprint": {"type": "string", "description": "Start of the sources' SHA-256."},
            "loaded_at": {"type": "string", "description": "ISO 8601 time this process loaded it."},
            "problem": {"type": "string", "description": "Why the latest index did not load."},
            "failed_at": {"type": "string", "description": "ISO 8601 time of that failure."},
            "next_check_in": {
                "type": ["number", "null"],
                "description": "Seconds until the index file is checked again.",
            },
        },
    },
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {"type": "string", "description": "What is wrong, in one line."},
            "crisis": {"type": "string", "description": "The crisis line (on 429 replies)."},
        },
    },
}


def schemas(max_message_chars: int) -> dict[str, Any]:
    """SCHEMAS with the message limit in force."""
    chat = SCHEMAS["ChatRequest"]
    message = {**chat["properties"]["message"], "maxLength": max_message_chars}
    message["description"] = (
        f"The visitor's question: at most {max_message_chars:,} characters, not only white "
        "space, valid Unicode text (no lone surrogates)."
    )
    request = {**chat, "properties": {**chat["properties"], "message": message}}
    return {**SCHEMAS, "ChatRequest": request}


def json_content(schema: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}


def error(description: str) -> dict[str, Any]:
    return {"description": description, "content": json_content("Error")}


def static(description: str, media_type: str) -> dict[str, Any]:
    return {
        "get": {
            "summary": description,
            "responses": {"200": {"description": description, "content": {media_type: {}}}},
        }
    }


def chat_operation(limit: str) -> dict[str, Any]:
    return {
        "post": {
            "summary": "Answer one message",
            "description": f"Rate limited per client ({limit}).",
            "requestBody": {"required": True, "content": json_content("ChatRequest")},
            "responses": {
                "200": {"description": "The reply", "content": json_content("Reply")},
                "400": error("Invalid JSON, message or context"),
                "405": error("Method not allowed"),
                "413": error("Body larger than the limit"),
                "415": error("Body is not JSON"),
                "429": error("Too many requests; carries the crisis line"),
            },
        }
    }


def package_version() -> str:
    try:
        return version("iop-faq")
    except PackageNotFoundError:
        return "0"


def openapi_document(
    config: Mapping[str, Any], max_message_chars: int = MAX_MESSAGE_CHARS
) -> dict[str, Any]:
    """The description of every route of the app (`max_message_chars`: the bot's limit)."""
    health = {
        "get": {
            "summary": "Service status and the index in use",
            "responses": {"200": {"description": "Healthy", "content": json_content("Health")}},
        }
    }
    widget_config = {
        "get": {
            "summary": "The chat widget's settings, from the bot's data files",
            "responses": {
                "200": {"description": "Settings", "content": json_content("WidgetConfig")}
            },
        }
    }
    spec = {
        "get": {
            "summary": "This description",
            "responses": {
                "200": {"description": "OpenAPI 3.1", "content": {"application/json": {}}}
            },
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "IOP FAQ assistant",
            "version": package_version(),
            "description": "General information about Intensive Outpatient Programs (IOP) in "
            "Massachusetts. Not medical advice. In a crisis, call or text 988 or call 911.",
        },
        "paths": {
            "/api/chat": chat_operation(str(config.get("IOP_FAQ_CHAT_LIMIT", ""))),
            "/api/health": health,
            "/api/openapi.json": spec,
            "/api/widget-config": widget_config,
            "/": static("Demo page showing the widget", "text/html"),
            "/widget.js": static("The embeddable chat widget", "text/javascript"),
            "/widget.css": static("The widget's stylesheet", "text/css"),
            "/demo.css": static("The demo page's stylesheet", "text/css"),
        },
        "components": {"schemas": schemas(max_message_chars)},
    }
