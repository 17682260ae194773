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
    danger: re.Pattern[str]  # words of danger that are an emergency when something says "now"
    any_of: re.Pattern[str]  # all of the above in one: a fast "nothing here" check


_NEGATED_INTENT = re.compile(r"\b(not|never|dont|wont) (going to|gonna|planning to|want to|ever)\b")


class CrisisDetector:
    """Pattern-based crisis detection configured by `bot/data/crisis.toml`."""

    def __init__(self, path: Path) -> None:
        data = load_toml(path)
        categories = []
        for c in data["category"]:
            acute = compile_patterns(c.get("acute", []))
            always = compile_patterns(c.get("always", []))
            topic = compile_patterns(c.get("topic", []))
            danger = compile_patterns(c.get("danger", []))
            categories.append(
                _Category(
                    name=c["name"],
                    resources=tuple(c["resources"]),
                    acute=acute,
                    always=always,
                    topic=topic,
                    danger=any_of(danger),
                    any_of=any_of(acute + always + topic + danger),
                )
            )
        self.categories = tuple(categories)
        self.informational = any_of(compile_patterns(data.get("informational", [])))
        self.immediacy = any_of(compile_patterns(data.get("immediacy", [])))
        self.past = any_of(compile_patterns(data.get("past", [])))
        self.present = any_of(compile_patterns(data.get("present", [])))
        self.window = int(data.get("danger_window", 60))
        negations = sorted(data.get("negations", []), key=len, reverse=True)
        self._negation = re.compile(
            r"\b(" + "|".join(re.escape(n) for n in negations) + r")\b(\s+\S+){0,3}\s*$"
        )

    def _negated(self, text: str, match: re.Match[str]) -> bool:
        """Negated just before ("I'm not suicidal") or inside ("im not going to hurt myself")."""
        return bool(
            self._negation.search(text[: match.start()]) or _NEGATED_INTENT.search(match.group(0))
        )

    def _over(self, text: str) -> bool:
        """The message tells of something past ("in 2015") and nothing happening now."""
        return bool(self.past.search(text)) and not self.present.search(text)

    def _danger_now(self, category: _Category, text: str) -> bool:
        """A word of danger with a sign of "now" near it ("holding the blade rn"), in a
        message that is not a question for information and does not negate it."""
        for match in category.danger.finditer(text):
            if self._negated(text, match):
                continue
            near = text[max(0, match.start() - self.window) : match.end() + self.window]
            if self.immediacy.search(near) and not self.informational.search(text):
                return True
        return False

    def detect(self, text: str) -> CrisisSignal | None:
        """Classify a normalised message; None when it shows no crisis subject."""
        signal = self._detect(text)
        if signal is not None and signal.level is CrisisLevel.ACUTE and self._over(text):
            return CrisisSignal(signal.category, CrisisLevel.INFORMATIONAL, signal.resources)
        return signal

    def _detect(self, text: str) -> CrisisSignal | None:
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
            if self._danger_now(category, text):
                return CrisisSignal(category.name, CrisisLevel.ACUTE, category.resources)
        return softer
