"""The app's shared state: the loaded bot and the salt that hides client addresses."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from flask import Flask, current_app, g, request

from bot.cache import Replier
from knowledge.paths import INDEX_ENV, default_index_path
from web.config import SETTINGS
from web.holder import BotHolder, load_bot, off_the_event_loop

NAME = "iop_faq"


@dataclass
class IopFaq:
    """What every request of one app needs."""

    holder: BotHolder
    client_salt: bytes

    @property
    def bot(self) -> Replier:
        return self.holder.bot

    def client_id(self) -> str:
        """A short salted hash of the client address: enough to count, not to identify
        (computed once per request)."""
        cached = g.get("iop_faq_client")
        if cached is None:
            cached = g.iop_faq_client = client_hash(self.client_salt, request.remote_addr)
        return cached


def client_hash(salt: bytes, address: str | None) -> str:
    """A short salted hash of a client address."""
    return hashlib.sha256(salt + (address or "unknown").encode()).hexdigest()[:12]


def index_path(app: Flask) -> Path:
    """The configured index path, else the default one."""
    configured = app.config.get(INDEX_ENV)
    return Path(configured).expanduser() if configured else default_index_path()


def init_app(app: Flask) -> IopFaq:
    """Load the index once for this process; raises KnowledgeError when it is unusable."""
    holder = BotHolder(
        index_path(app),
        interval=float(app.config["IOP_FAQ_RELOAD_SECONDS"]),
        loader=partial(
            load_bot,
            cache_size=int(app.config["IOP_FAQ_REPLY_CACHE"]),
            settings=app.extensions[SETTINGS].bot if SETTINGS in app.extensions else None,
        ),
        background=off_the_event_loop,
    )
    salt = app.config.get("IOP_FAQ_CLIENT_SALT")
    state = IopFaq(holder, salt.encode() if salt else secrets.token_bytes(16))
    app.extensions[NAME] = state
    return state


def get_state() -> IopFaq:
    """The state of the app handling the current request."""
    return current_app.extensions[NAME]


def get_state_of(app: Flask) -> IopFaq:
    """The state of one app (outside a request)."""
    return app.extensions[NAME]
