"""Crisis and support lines, kept in `bot/data/resources.toml`."""

from __future__ import annotations

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

    def pick(self, keys: list[str]) -> list[Resource]:
        """The resources with these keys, in this order (unknown keys are a data error)."""
        missing = [k for k in keys if k not in self.resources]
        if missing:
            raise ValueError(f"resources.toml has no entry for: {', '.join(missing)}")
        return [self.resources[k] for k in keys]
