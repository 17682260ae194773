"""Web settings: defaults, overridden by `IOP_FAQ_*` environment variables, then by the mapping
passed to `create_app`."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from knowledge.paths import INDEX_ENV

KIB = 1024


def _text(value: str) -> str:
    return value.strip()


def _count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError("must be 0 or more")
    return number


def _origins(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


DEFAULTS: dict[str, Any] = {
    INDEX_ENV: None,
    "IOP_FAQ_RELOAD_SECONDS": 2.0,
    "IOP_FAQ_REPLY_CACHE": 2048,
    "IOP_FAQ_CHAT_LIMIT": "30/minute;5/second",
    "IOP_FAQ_RATELIMIT_STORAGE_URI": "memory://",
    "IOP_FAQ_CORS_ORIGINS": [],
    "IOP_FAQ_FRAME_ANCESTORS": "'self'",
    "IOP_FAQ_CLIENT_SALT": None,
    "IOP_FAQ_PROXY_COUNT": 0,
    "MAX_CONTENT_LENGTH": 16 * KIB,
}

PARSERS: dict[str, Callable[[str], Any]] = {
    INDEX_ENV: _text,
    "IOP_FAQ_RELOAD_SECONDS": float,
    "IOP_FAQ_REPLY_CACHE": _count,
    "IOP_FAQ_CHAT_LIMIT": _text,
    "IOP_FAQ_RATELIMIT_STORAGE_URI": _text,
    "IOP_FAQ_CORS_ORIGINS": _origins,
    "IOP_FAQ_FRAME_ANCESTORS": _text,
    "IOP_FAQ_CLIENT_SALT": _text,
    "IOP_FAQ_PROXY_COUNT": int,
    "MAX_CONTENT_LENGTH": int,
}


class ConfigError(ValueError):
    """A setting in the environment cannot be read."""


def from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """The settings given as environment variables, parsed to their types."""
    values: dict[str, Any] = {}
    for key, parse in PARSERS.items():
        raw = environ.get(key)
        if raw is None or not raw.strip():
            continue
        try:
            values[key] = parse(raw)
        except ValueError as exc:
            raise ConfigError(f"{key}={raw!r} is not valid: {exc}") from exc
    return values


def resolve(
    config: Mapping[str, Any] | None, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Defaults, then the environment, then the explicit mapping."""
    environ = os.environ if environ is None else environ
    return {**DEFAULTS, **from_environment(environ), **dict(config or {})}
