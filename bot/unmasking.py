"""Undo the disguises people type around words of crisis, before crisis detection reads them:
spaced letters ("s u i c i d e"), digits and symbols for letters ("k1ll mys3lf", "k!ll"), and
letters starred out ("s**cidal", "d*e"). Each step is linear in the message's length."""

from __future__ import annotations

import re
from collections.abc import Iterable

_SPACED = re.compile(r"\b(?:[a-z] ){2,}[a-z]\b")  # three or more single letters in a row
_LOOKALIKES = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t",
                             "@": "a", "$": "s", "!": "i", "|": "l"})  # fmt: skip
# A letter, then digits or symbols standing for letters, then a letter ("k1ll", "g00dbye").
_DISGUISED = re.compile(r"[a-z][013457@$!|]+[a-z]")
_TOKEN = re.compile(r"\S+")
_DISGUISES = "013457@$!|*#"  # the characters `_token` undoes
_MAX_MASKED = 40  # longer tokens are never words to unmask


class Unmasker:
    """Rewrites disguised words; `words` are the ones a starred-out token may stand for."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = tuple(sorted({w.strip().lower() for w in words if w.strip()}))
        self._by_length: dict[int, list[str]] = {}
        for word in self.words:
            self._by_length.setdefault(len(word), []).append(word)

    def __call__(self, text: str) -> str:
        text = _SPACED.sub(lambda m: m.group(0).replace(" ", ""), text)
        # Word by word only when a disguise is possible (most messages have none).
        if not any(c in text for c in _DISGUISES):
            return text
        return _TOKEN.sub(self._token, text)

    def _token(self, match: re.Match[str]) -> str:
        token = match.group(0)
        core = token.rstrip(",.;:?!")
        tail = token[len(core) :]
        if _DISGUISED.search(core) and any(c.isalpha() for c in core):
            return core.translate(_LOOKALIKES) + tail
        if "*" in core or "#" in core:
            return self._unstar(core) + tail
        return token

    def _unstar(self, token: str) -> str:
        """The listed word a token with masked letters stands for (each masked character one
        letter), or the token itself when none or several fit."""
        if len(token) > _MAX_MASKED or not any(c.isalpha() for c in token):
            return token
        pattern = re.compile("".join("[a-z]" if c in "*#" else re.escape(c) for c in token) + r"\Z")
        fits = [w for w in self._by_length.get(len(token), []) if pattern.match(w)]
        return fits[0] if len(fits) == 1 else token
