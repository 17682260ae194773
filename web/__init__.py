"""Web layer: a JSON API over `Bot.reply` and an embeddable chat widget."""

from web.app import create_app

__all__ = ["create_app"]
