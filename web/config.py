"""Settings: defaults, overridden by `IOP_FAQ_*` environment variables, then by the mapping
passed to `create_app`; `Settings` holds those of the knowledge core, the bot and the web app."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import Field, dataclass, fields
from dataclasses import field as dataclass_field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.settings import BotSettings
from knowledge.paths import INDEX_ENV, KnowledgeConfig

KIB = 1024
SETTINGS = "iop_faq_settings"  # where the app keeps its `Settings` in `app.extensions`
PREFIX = "IOP_FAQ_"


def _text(value: str) -> str:
    return value.strip()


def _count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError("must be 0 or more")
    return number


FLAG_WORDS = {
    **dict.fromkeys(("1", "true", "yes", "on"), True),
    **dict.fromkeys(("0", "false", "no", "off"), False),
}


def _flag(value: str) -> bool:
    word = value.strip().lower()
    if word not in FLAG_WORDS:
        raise ValueError("write 1, true, yes or on; or 0, false, no or off")
    return FLAG_WORDS[word]


def flag_setting(config: Mapping[str, Any], key: str) -> bool:
    """A yes/no setting: a bool, or text as the environment writes it (else a ConfigError)."""
    value = config[key]
    if isinstance(value, bool):
        return value
    try:
        return _flag(str(value))
    except ValueError as exc:
        raise ConfigError(f"{key}={value!r} is not valid: {exc}") from exc


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
    "IOP_FAQ_ACCESS_LOG": False,
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
    "IOP_FAQ_ACCESS_LOG": _flag,
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
    """Defaults, then the environment, then the explicit mapping, as the Flask app reads them
    (unknown `IOP_FAQ_*` keys are a ConfigError)."""
    return Settings.resolve(config, environ).flask_config()


# Variables read elsewhere: by `iop-faq serve`'s options, the benchmarks and the test script.
OTHER_VARIABLES = {
    "IOP_FAQ_HOST": "serve --host",
    "IOP_FAQ_PORT": "serve --port",
    "IOP_FAQ_WORKERS": "serve --workers",
    "IOP_FAQ_CONNECTIONS": "serve --connections",
    "IOP_FAQ_HEADER_TIMEOUT": "serve --header-timeout",
    "IOP_FAQ_REQUEST_TIMEOUT": "serve --request-timeout",
    "IOP_FAQ_EVAL": "the benchmarks' evaluation file",
    "IOP_FAQ_SKIP_BROWSER": "tests/run.sh without browser tests",
}
BOT_PREFIX = "IOP_FAQ_BOT_"
SOURCES_ENV = "IOP_FAQ_SOURCES_DIR"
KNOWLEDGE_DATA_ENV = "IOP_FAQ_KNOWLEDGE_DATA_DIR"


def _bot_keys() -> dict[str, Field[Any]]:
    return {BOT_PREFIX + f.name.upper(): f for f in fields(BotSettings)}


def known_keys() -> list[str]:
    """Every `IOP_FAQ_*` setting, in one list."""
    keys = set(PARSERS) | set(OTHER_VARIABLES) | set(_bot_keys()) | {SOURCES_ENV}
    return sorted(keys | {KNOWLEDGE_DATA_ENV})


def _reject_unknown(keys: Iterable[str], where: str) -> None:
    unknown = sorted(k for k in keys if k.startswith(PREFIX) and k not in known_keys())
    if unknown:
        raise ConfigError(
            f"unknown setting(s) {', '.join(unknown)} in {where}; the known ones are "
            f"{', '.join(known_keys())}"
        )


def _bot_value(key: str, raw: Any) -> Any:
    """A bot setting from text (the environment) or a value (a mapping), typed by its field."""
    field = _bot_keys()[key]
    kind = {"float": float, "int": int}.get(str(field.type))
    try:
        if kind is not None:
            value = kind(raw)
            if value < 0:
                raise ValueError("must be 0 or more")
            return value
        return Path(raw).expanduser() if raw else None
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{key}={raw!r} is not valid: {exc}") from exc


@dataclass(frozen=True)
class Settings:
    """Every setting of the knowledge core, the bot and the web app, in one frozen object.

    Built from defaults, then `IOP_FAQ_*` environment variables, then a mapping; an unknown
    `IOP_FAQ_*` key is an error listing the known ones, never silently ignored.
    """

    index: Path | None = None
    bot: BotSettings = BotSettings()
    knowledge: KnowledgeConfig = dataclass_field(default_factory=KnowledgeConfig.default)
    web: Mapping[str, Any] = dataclass_field(default_factory=lambda: MappingProxyType(DEFAULTS))

    @classmethod
    def resolve(
        cls, config: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
    ) -> Settings:
        """Defaults, then the environment (`os.environ` unless given), then the mapping."""
        environ = os.environ if environ is None else environ
        config = dict(config or {})
        _reject_unknown(environ, "the environment")
        _reject_unknown(config, "the settings mapping")
        web = {**DEFAULTS, **from_environment(environ)}
        web.update({k: v for k, v in config.items() if k not in _bot_keys()})
        bot_values = {
            key: _bot_value(key, raw)
            for key, raw in [*environ.items(), *config.items()]
            if key in _bot_keys() and (not isinstance(raw, str) or raw.strip())
        }
        bot = BotSettings(**{_bot_keys()[k].name: v for k, v in bot_values.items()})
        shipped = KnowledgeConfig.default()
        sources = web.pop(SOURCES_ENV, None) or environ.get(SOURCES_ENV)
        data = web.pop(KNOWLEDGE_DATA_ENV, None) or environ.get(KNOWLEDGE_DATA_ENV)
        knowledge = KnowledgeConfig(
            sources_dir=Path(sources) if sources else shipped.sources_dir,
            data_dir=Path(data) if data else shipped.data_dir,
        )
        index = web.get(INDEX_ENV)
        return cls(
            index=Path(index).expanduser() if index else None,
            bot=bot,
            knowledge=knowledge,
            web=MappingProxyType(web),
        )

    def flask_config(self) -> dict[str, Any]:
        """The web settings under their variable names, as the Flask app reads them."""
        return dict(self.web)
