"""`/api/widget-config` is built from the bot's own data files, so one edit changes both."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from bot.bot_data import BotData
from bot.data_files import load_toml
from bot.settings import BotSettings, bot_data_dir
from web.widget import widget_config


def test_served_settings_are_the_bots(client: FlaskClient) -> None:
    response = client.get("/api/widget-config")
    assert response.status_code == 200
    assert response.cache_control.max_age == 300
    config = response.get_json()
    messages = load_toml(bot_data_dir() / "messages.toml")
    starters = load_toml(bot_data_dir() / "smalltalk.toml")["starter_questions"]
    assert config["starter_questions"] == starters[: BotSettings().max_suggestions]
    assert config["max_message_chars"] == BotSettings().max_message_chars
    assert config["notice"] == messages["professional_pointer"]
    assert config["crisis_line"] == messages["resources_line"]
    lines = {
        (line.get("tel"), line.get("sms"), line.get("sms_body")) for line in config["crisis_lines"]
    }
    assert lines == {("988", "988", None), ("911", None, None), (None, "741741", "HOME")}


def test_an_edited_data_file_changes_the_widget(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(bot_data_dir(), data)
    resources = data / "resources.toml"
    resources.write_text(
        resources.read_text().replace(
            'always_shown = ["988", "911", "crisis_text_line"]', 'always_shown = ["ma_bh_line"]'
        )
    )
    smalltalk = data / "smalltalk.toml"
    smalltalk.write_text(
        smalltalk.read_text().replace("How long does IOP last?", "How long is a program?")
    )
    config = widget_config(BotData.load(data), BotSettings(data_dir=data, max_message_chars=500))
    assert config["crisis_lines"][0]["title"] == "Massachusetts Behavioral Health Help Line"
    assert len(config["crisis_lines"]) == 1
    assert "How long is a program?" in config["starter_questions"]
    assert config["max_message_chars"] == 500


def test_a_listed_site_can_read_the_wait_of_a_429(make_app: Callable[..., Flask]) -> None:
    site = "https://clinic.example"
    client = make_app(IOP_FAQ_CORS_ORIGINS=[site], IOP_FAQ_CHAT_LIMIT="1/minute").test_client()
    headers = {"Origin": site}
    client.post("/api/chat", json={"message": "hello"}, headers=headers)
    refused = client.post("/api/chat", json={"message": "hello"}, headers=headers)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "Retry-After" in refused.headers["Access-Control-Expose-Headers"]
    config = client.get("/api/widget-config", headers=headers)
    assert config.headers["Access-Control-Allow-Origin"] == site
