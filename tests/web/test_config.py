"""Settings: defaults, then `IOP_FAQ_*` environment variables, then the mapping passed in."""

from __future__ import annotations

import dataclasses

import pytest

from web.config import DEFAULTS, ConfigError, Settings, from_environment, resolve


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
        ({"IOP_FAQ_ACCESS_LOG": " Yes "}, {"IOP_FAQ_ACCESS_LOG": True}),
        ({"IOP_FAQ_ACCESS_LOG": "0"}, {"IOP_FAQ_ACCESS_LOG": False}),
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


def test_unreadable_flag_says_what_to_write() -> None:
    with pytest.raises(ConfigError, match="IOP_FAQ_ACCESS_LOG='sometimes' is not valid: write 1"):
        from_environment({"IOP_FAQ_ACCESS_LOG": "sometimes"})


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
    assert DEFAULTS["IOP_FAQ_ACCESS_LOG"] is False


def test_unknown_variable_is_refused_with_the_known_ones() -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.resolve(None, {"IOP_FAQ_CHAT_LIMITS": "1/minute"})
    message = str(caught.value)
    assert "IOP_FAQ_CHAT_LIMITS" in message and "IOP_FAQ_CHAT_LIMIT," in message
    assert "\n" not in message


def test_unknown_key_in_the_mapping_is_refused() -> None:
    with pytest.raises(ConfigError, match="IOP_FAQ_REPLY_CACH in the settings mapping"):
        Settings.resolve({"IOP_FAQ_REPLY_CACH": 0}, {})


def test_one_frozen_object_for_knowledge_bot_and_web(tmp_path) -> None:
    environ = {
        "IOP_FAQ_BOT_ANSWER_THRESHOLD": "0.25",
        "IOP_FAQ_SOURCES_DIR": str(tmp_path),
        "IOP_FAQ_INDEX": str(tmp_path / "i.joblib"),
    }
    settings = Settings.resolve({"IOP_FAQ_BOT_MAX_SUGGESTIONS": 2}, environ)
    assert settings.bot.answer_threshold == 0.25 and settings.bot.max_suggestions == 2
    assert settings.knowledge.sources_dir == tmp_path
    assert settings.index == tmp_path / "i.joblib"
    assert settings.web["IOP_FAQ_CHAT_LIMIT"] == DEFAULTS["IOP_FAQ_CHAT_LIMIT"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.bot = settings.bot  # type: ignore[misc]
    with pytest.raises(TypeError):
        settings.web["IOP_FAQ_CHAT_LIMIT"] = "1/second"  # type: ignore[index]


def test_unreadable_bot_setting_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="IOP_FAQ_BOT_MAX_SUGGESTIONS='many' is not valid"):
        Settings.resolve(None, {"IOP_FAQ_BOT_MAX_SUGGESTIONS": "many"})


def test_bot_settings_reach_the_web_app(index_path) -> None:
    from web import create_app

    config = {
        "TESTING": True,
        "IOP_FAQ_INDEX": str(index_path),
        "IOP_FAQ_BOT_MAX_MESSAGE_CHARS": 10,
    }
    client = create_app(config).test_client()
    answer = client.post("/api/chat", json={"message": "how long does iop last?"})
    assert answer.status_code == 400 and "limit is 10" in answer.get_json()["error"]


def test_the_widget_gets_the_message_limit_from_the_same_settings(index_path) -> None:
    from web import create_app

    config = {"TESTING": True, "IOP_FAQ_INDEX": str(index_path)}
    config["IOP_FAQ_BOT_MAX_MESSAGE_CHARS"] = 321
    widget = create_app(config).test_client().get("/api/widget-config").get_json()
    assert widget["max_message_chars"] == 321


def test_every_command_line_variable_is_a_known_setting() -> None:
    from bot.cli import main
    from web.config import known_keys

    commands = [main, *main.commands.values()]
    variables = {
        variable
        for command in commands
        for param in command.params
        for variable in ([param.envvar] if isinstance(param.envvar, str) else param.envvar or [])
    }
    assert variables and variables <= set(known_keys()), variables - set(known_keys())
