"""Replies to repeated messages from memory: a bounded least-recently-used cache before a Bot.

Visitors ask the same few questions, and the widget's suggestion buttons send the same text
word for word. A reply depends only on the message, the conversation (topic, terms, flags, the
questions just offered) and the index, so a repeat is answered from the cache; only the turn
count in the returned context differs between two visitors and is set on the way out. Keys are
digests: the cache keeps replies, never visitors' messages. A reloaded index comes with a new
Bot and so with an empty cache.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import fields, replace
from typing import Any

from bot.bot_data import BotData
from bot.conversation import Conversation
from bot.core import Bot
from bot.reply import Reply
from bot.settings import BotSettings
from knowledge.index import KnowledgeIndex

DEFAULT_SIZE = 2048


# Every field of the conversation but the turn count: a field added later joins the key.
_KEY_FIELDS = tuple(f.name for f in fields(Conversation) if f.name != "turn")


def reply_key(message: str, conversation: Conversation) -> bytes:
    """A digest of what a reply depends on: the message and the conversation but its turn."""
    state = repr(tuple(getattr(conversation, name) for name in _KEY_FIELDS))
    text = "\x1f".join((message, state))
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


class CachedBot:
    """A Bot answering repeated messages from a cache of at most `size` replies."""

    def __init__(self, bot: Bot, size: int = DEFAULT_SIZE) -> None:
        if size < 1:
            raise ValueError(f"cache size must be at least 1, not {size}")
        self.bot = bot
        self.size = size
        self._replies: OrderedDict[bytes, Reply] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0

    @property
    def index(self) -> KnowledgeIndex:
        return self.bot.index

    @property
    def messages(self) -> Mapping[str, str]:
        return self.bot.messages

    @property
    def data(self) -> BotData:
        return self.bot.data

    @property
    def settings(self) -> BotSettings:
        return self.bot.settings

    def __len__(self) -> int:
        return len(self._replies)

    def reply(self, message: Any, context: Any = None) -> Reply:
        """What `Bot.reply` returns for the same message and context."""
        message, conversation = self.bot.read(message, context)
        key = reply_key(message, conversation)
        with self._lock:
            cached = self._replies.get(key)
            if cached is not None:
                self._replies.move_to_end(key)
                self.hits += 1
        if cached is None:
            cached = self.bot.answer(message, conversation)
            with self._lock:
                self._replies[key] = cached
                if len(self._replies) > self.size:
                    self._replies.popitem(last=False)
        return at_turn(cached, conversation.following_turn)


def at_turn(reply: Reply, turn: int) -> Reply:
    """The reply with its context's turn count set to `turn`."""
    if reply.context.get("turn") == turn:
        return reply
    return replace(reply, context={**reply.context, "turn": turn})


Replier = Bot | CachedBot  # what answers a request: the bot, or the bot behind its cache


def with_cache(bot: Bot, size: int) -> Replier:
    """`bot` behind a cache of `size` replies, or `bot` itself when `size` is 0."""
    if size < 0:
        raise ValueError(f"cache size cannot be negative ({size})")
    return CachedBot(bot, size) if size else bot
