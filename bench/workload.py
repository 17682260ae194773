"""The messages a benchmark sends: every dev-set case, follow-ups with their real context."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot import Bot
from bot.evaluation import load_cases


@dataclass(frozen=True)
class Turn:
    """One message as a client would send it: text plus the context of the earlier turns."""

    case_id: str
    message: str
    context: dict[str, Any] | None


def load_turns(bot: Bot, eval_path: Path) -> list[Turn]:
    """One turn per case; a follow-up carries the context the bot returned for its earlier turns."""
    turns = []
    for case in load_cases(eval_path):
        context: dict[str, Any] | None = None
        for earlier in case.get("context", []):
            context = bot.reply(earlier, context).context
        turns.append(Turn(str(case.get("id", "")), case["q"], context))
    return turns


def retrieval_queries(eval_path: Path) -> list[tuple[str, list[str]]]:
    """(query, expected strings) for the cases a retriever alone can be judged on.

    Answer and follow-up cases only; a follow-up's query is its earlier messages and
    the message joined, so every retriever sees the same words.
    """
    queries = []
    for case in load_cases(eval_path):
        if case["kind"] in ("answer", "followup"):
            text = " ".join([*case.get("context", []), case["q"]])
            queries.append((text, list(case.get("any", []))))
    return queries
