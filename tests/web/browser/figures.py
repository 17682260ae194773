"""Figures the browser tests measure (heights, contrast ratios, axe counts), written for review
to test-output/widget-figures.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class Figures:
    """A flat record of named measurements, saved after every change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.values: dict[str, Any] = {}

    def record(self, name: str, value: Any) -> None:
        self.values[name] = round(value, 2) if isinstance(value, float) else value
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(dict(sorted(self.values.items())), indent=1) + "\n")
