"""Conversation layer: crisis safety, small talk, follow-ups and answers from the knowledge."""

from bot.core import Bot
from bot.reply import Reply
from bot.settings import BotSettings

__all__ = ["Bot", "BotSettings", "Reply"]
