"""Conversation layer: crisis safety, small talk, follow-ups and answers from the knowledge."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.core import Bot
    from bot.reply import Reply
    from bot.settings import BotSettings

__all__ = ["Bot", "BotSettings", "Reply"]

_HOMES = {"Bot": "bot.core", "BotSettings": "bot.settings", "Reply": "bot.reply"}


def __getattr__(name: str) -> Any:
    """Import the public names on first use, so `bot.cli --help` does not load the index code."""
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'bot' has no attribute {name!r}")
