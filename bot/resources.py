"""Crisis and support lines, kept in `bot/data/resources.toml`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.data_files import load_toml


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

    @classmethod
    def from_file(cls, path: Path) -> ResourceBook:
        data = load_toml(path)
        resources = {
            key: Resource(key=key, **fields) for key, fields in data.get("resources", {}).items()
        }
        return cls(resources=resources, last_verified=str(data.get("last_verified", "")))

    def pick(self, keys: list[str]) -> list[Resource]:
        """The resources with these keys, in this order (unknown keys are a data error)."""
        missing = [k for k in keys if k not in self.resources]
        if missing:
            raise ValueError(f"resources.toml has no entry for: {', '.join(missing)}")
        return [self.resources[k] for k in keys]
