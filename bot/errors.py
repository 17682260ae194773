"""Errors in what a caller sends the bot, and in the bot's data files."""

from knowledge.errors import DataFileError


class InvalidMessageError(ValueError):
    """The message is missing, empty, not text or too long."""


class InvalidContextError(ValueError):
    """The conversation context is not an object of the documented shape."""


class BotDataError(DataFileError):
    """A file in `bot/data/` is malformed: one line naming the file, the entry and the fix."""
