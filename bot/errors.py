"""Errors in what a caller sends the bot."""


class InvalidMessageError(ValueError):
    """The message is missing, empty, not text or too long."""


class InvalidContextError(ValueError):
    """The conversation context is not an object of the documented shape."""
