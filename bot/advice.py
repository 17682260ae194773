"""Recognise requests for personal medical advice, which the bot declines."""

from __future__ import annotations

from pathlib import Path

from bot.data_files import compile_patterns, load_toml


class AdviceDetector:
    """Diagnosis, dosing and medication-change requests, from `bot/data/advice.toml`."""

    def __init__(self, path: Path) -> None:
        self.patterns = compile_patterns(load_toml(path)["patterns"])

    def is_personal_advice(self, text: str) -> bool:
        """True when a normalised message asks for a diagnosis or a prescribing decision."""
        return any(p.search(text) for p in self.patterns)
