"""Spot signs of an emergency in a message, before anything else is done with it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from bot.data_files import any_of, compile_patterns, load_toml


class CrisisLevel(Enum):
    """How a crisis subject appears in a message."""

    ACUTE = "acute"  # an emergency: reply with help, not an article
    INFORMATIONAL = "informational"  # a question about the subject: answer, show resources
    NEGATED = "negated"  # "I'm not suicidal, but ...": answer, show resources


@dataclass(frozen=True)
class CrisisSignal:
    """What was found: the category (which resources fit) and the level."""

    category: str
    level: CrisisLevel
    resources: tuple[str, ...]


@dataclass(frozen=True)
class _Category:
    name: str
    resources: tuple[str, ...]
    acute: tuple[re.Pattern[str], ...]
    always: tuple[re.Pattern[str], ...]
    topic: tuple[re.Pattern[str], ...]
    any_of: re.Pattern[str]  # all of the above in one: a fast "nothing here" check


class CrisisDetector:
    """Pattern-based crisis detection configured by `bot/data/crisis.toml`."""

    def __init__(self, path: Path) -> None:
        data = load_toml(path)
        categories = []
        for c in data["category"]:
            acute = compile_patterns(c.get("acute", []))
            always = compile_patterns(c.get("always", []))
            topic = compile_patterns(c.get("topic", []))
            categories.append(
                _Category(
                    name=c["name"],
                    resources=tuple(c["resources"]),
                    acute=acute,
                    always=always,
                    topic=topic,
                    any_of=any_of(acute + always + topic),
                )
            )
        self.categories = tuple(categories)
        self.informational = any_of(compile_patterns(data.get("informational", [])))
        negations = sorted(data.get("negations", []), key=len, reverse=True)
        self._negation = re.compile(
            r"\b(" + "|".join(re.escape(n) for n in negations) + r")\b(\s+\S+){0,3}\s*$"
        )

    def _negated(self, text: str, match: re.Match[str]) -> bool:
        return bool(self._negation.search(text[: match.start()]))

    def detect(self, text: str) -> CrisisSignal | None:
        """Classify a normalised message; None when it shows no crisis subject."""
        softer: CrisisSignal | None = None
        for category in self.categories:
            if not category.any_of.search(text):
                continue
            if any(p.search(text) for p in category.always):
                return CrisisSignal(category.name, CrisisLevel.ACUTE, category.resources)
            for pattern in category.acute:
                for match in pattern.finditer(text):
                    if not self._negated(text, match):
                        return CrisisSignal(category.name, CrisisLevel.ACUTE, category.resources)
                    softer = softer or CrisisSignal(
                        category.name, CrisisLevel.NEGATED, category.resources
                    )
            for pattern in category.topic:
                for match in pattern.finditer(text):
                    if self._negated(text, match):
                        level = CrisisLevel.NEGATED
                    elif self.informational.search(text):
                        level = CrisisLevel.INFORMATIONAL
                    else:
                        return CrisisSignal(category.name, CrisisLevel.ACUTE, category.resources)
                    softer = softer or CrisisSignal(category.name, level, category.resources)
        return softer
