"""Crisis and support lines, kept in `bot/data/resources.toml`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.data_files import load_toml, need, reading
from bot.errors import BotDataError
from knowledge.data_files import reject_unknown, strings

_RESOURCE_KEYS = {"name", "text", "tel", "sms", "sms_body"}


@dataclass(frozen=True)
class Resource:
    """One crisis or support line."""

    key: str
    name: str
    text: str
    tel: str | None = None
    sms: str | None = None
    sms_body: str | None = None

    def source(self) -> dict[str, str]:
        """The resource as a reply source, with `tel`/`sms` numbers for tappable links."""
        source = {"title": self.name, "file": "bot/data/resources.toml", "heading": self.text}
        for key in ("tel", "sms", "sms_body"):
            value = getattr(self, key)
            if value is not None:
                source[key] = value
        return source


_PHONE_NUMBER = re.compile(r"\b(?:1-)?\d{3}-\d{3}-\d{4}\b")


def _digits(number: str) -> str:
    """A phone number's digits without the country code: 1-800-662-4357 -> 8006624357."""
    digits = re.sub(r"\D", "", number)
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


@dataclass(frozen=True)
class ResourceBook:
    """All resources, by key, with the date they were last checked."""

    resources: dict[str, Resource]
    last_verified: str
    always_shown: tuple[str, ...] = ()  # the lines every page of the widget shows

    @classmethod
    def from_file(cls, path: Path) -> ResourceBook:
        with reading(path):
            data = load_toml(path)
            known = {"resources", "last_verified", "always_shown"}
            reject_unknown(data, known, "the file", BotDataError)
            entries = need(data, "resources", dict)
            resources = {}
            for key, entry in entries.items():
                where = f"[resources.{key}]"
                if not isinstance(entry, dict):
                    raise BotDataError(f"{where} must be a table of name, text, tel, sms")
                reject_unknown(entry, _RESOURCE_KEYS, where, BotDataError)
                for name in _RESOURCE_KEYS - {"name", "text"}:
                    if name in entry and not isinstance(entry[name], str):
                        raise BotDataError(f"{where}: `{name}` must be a string in quotes")
                resources[key] = Resource(
                    key=key,
                    name=need(entry, "name", str, where),
                    text=need(entry, "text", str, where),
                    tel=entry.get("tel"),
                    sms=entry.get("sms"),
                    sms_body=entry.get("sms_body"),
                )
            book = cls(
                resources=resources,
                last_verified=str(data.get("last_verified", "")),
                always_shown=tuple(strings(data, "always_shown", "the file", BotDataError)),
            )
            book.require(book.always_shown, "always_shown")
            return book

    def require(self, keys: list[str] | tuple[str, ...], where: str) -> None:
        """Refuse, at load, a list naming a resource this book lacks."""
        missing = [k for k in keys if k not in self.resources]
        if missing:
            raise BotDataError(
                f"{where} names {', '.join(missing)}, which resources.toml lacks; add them "
                f"there or use one of {', '.join(self.resources)}"
            )

    def require_numbers(self, text: str, where: str) -> None:
        """Refuse, at load, a phone number written in `text` that no resource has: a number
        changed in resources.toml must not live on, stale, in a reply."""
        listed = {_digits(r.tel) for r in self.resources.values() if r.tel}
        for number in _PHONE_NUMBER.findall(text):
            if _digits(number) not in listed:
                raise BotDataError(
                    f"{where} gives {number}, which no line of resources.toml has; write the "
                    "number of a listed line or add the line there"
                )

    def pick(self, keys: list[str]) -> list[Resource]:
        """The resources with these keys, in this order (unknown keys are a data error)."""
        missing = [k for k in keys if k not in self.resources]
        if missing:
            raise ValueError(f"resources.toml has no entry for: {', '.join(missing)}")
        return [self.resources[k] for k in keys]
