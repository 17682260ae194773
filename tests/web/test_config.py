"""Settings: defaults, then `IOP_FAQ_*` environment variables, then the mapping passed in."""

from __future__ import annotations

import pytest

from web.config import DEFAULTS, ConfigError, from_environment, resolve


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, {}),
        (
            {"IOP_FAQ_CORS_ORIGINS": "https://a.example, ,https://b.example"},
            {"IOP_FAQ_CORS_ORIGINS": ["https://a.example", "https://b.example"]},
        ),
        ({"IOP_FAQ_RELOAD_SECONDS": "0.5"}, {"IOP_FAQ_RELOAD_SECONDS": 0.5}),
        ({"IOP_FAQ_PROXY_COUNT": "1"}, {"IOP_FAQ_PROXY_COUNT": 1}),
        ({"IOP_FAQ_REPLY_CACHE": "0"}, {"IOP_FAQ_REPLY_CACHE": 0}),
        ({"MAX_CONTENT_LENGTH": "4096"}, {"MAX_CONTENT_LENGTH": 4096}),
        ({"IOP_FAQ_CHAT_LIMIT": " 10/minute "}, {"IOP_FAQ_CHAT_LIMIT": "10/minute"}),
        ({"IOP_FAQ_CHAT_LIMIT": "  "}, {}),
        ({"UNRELATED": "x"}, {}),
    ],
)
def test_from_environment(environ: dict[str, str], expected: dict) -> None:
    assert from_environment(environ) == expected


def test_unreadable_number_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="IOP_FAQ_PROXY_COUNT='two' is not valid"):
        from_environment({"IOP_FAQ_PROXY_COUNT": "two"})


def test_negative_cache_size_is_refused() -> None:
    with pytest.raises(ConfigError, match="REPLY_CACHE='-5' is not valid: must be 0 or more"):
        from_environment({"IOP_FAQ_REPLY_CACHE": "-5"})


def test_mapping_wins_over_environment_over_defaults() -> None:
    environ = {"IOP_FAQ_CHAT_LIMIT": "1/minute", "IOP_FAQ_FRAME_ANCESTORS": "'none'"}
    config = resolve({"IOP_FAQ_CHAT_LIMIT": "9/minute"}, environ)
    assert config["IOP_FAQ_CHAT_LIMIT"] == "9/minute"
    assert config["IOP_FAQ_FRAME_ANCESTORS"] == "'none'"
    assert config["MAX_CONTENT_LENGTH"] == DEFAULTS["MAX_CONTENT_LENGTH"] == 16 * 1024


def test_defaults_are_safe() -> None:
    assert DEFAULTS["IOP_FAQ_CORS_ORIGINS"] == []
    assert DEFAULTS["IOP_FAQ_RATELIMIT_STORAGE_URI"] == "memory://"
