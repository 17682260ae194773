"""The reply contract shared by the CLI, the web API and every measurement."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

Intent = Literal["answer", "fallback", "crisis", "smalltalk"]
INTENTS: tuple[str, ...] = get_args(Intent)


@dataclass(frozen=True)
class Reply:
    """What the bot says, why, and what the client sends back with the next message."""

    answer: str
    intent: Intent
    confidence: float = 0.0
    sources: list[dict[str, str]] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)
    # `answer` without the source line, help-line list, resources line and professional
    # pointer: for clients that show those from `sources` and a notice of their own.
    body: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The reply as a JSON-ready object."""
        return {
            "answer": self.answer,
            "intent": self.intent,
            "confidence": round(min(1.0, max(0.0, self.confidence)), 4),
            "sources": [dict(s) for s in self.sources],
            "suggestions": list(self.suggestions),
            "context": dict(self.context),
            "body": self.body or self.answer,
        }
