"""The shipped chat app with `Bot.reply` replaced by one stored reply: what `/api/chat` costs
when answering costs nothing (request checks, rate limit, headers and JSON stay)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from bot import Bot
from bot.reply import Reply
from web import create_app as create_chat_app
from web.extension import NAME
from web.holder import BotHolder, load_bot

QUESTION = "How long does IOP last?"


class StoredReplyBot:
    """A bot that answers every message with the reply it gave to `QUESTION` once."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot
        self._reply = bot.reply(QUESTION)

    def reply(self, message: Any, context: Any = None) -> Reply:
        return self._reply

    def __getattr__(self, name: str) -> Any:
        return getattr(self._bot, name)


def load_stub(path: Path) -> Any:
    return StoredReplyBot(load_bot(path))


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The chat app as `iop-faq serve` builds it, answering from a stored reply."""
    app = create_chat_app(config)
    state = app.extensions[NAME]
    state.holder = BotHolder(state.holder.path, interval=0, loader=load_stub)
    return app
