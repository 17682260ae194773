"""Shared fixtures: one index of the shipped corpus built per test session, a bot on it, and
its decline rules by name."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bot import Bot
from bot.declines import DeclineRule
from bot.evaluation import load_cases
from knowledge.build import KnowledgeConfig, build_index
from knowledge.index import KnowledgeIndex


@pytest.fixture(scope="session")
def knowledge_config() -> KnowledgeConfig:
    return KnowledgeConfig.default()


@pytest.fixture(scope="session")
def index(knowledge_config: KnowledgeConfig) -> KnowledgeIndex:
    return build_index(knowledge_config)


@pytest.fixture(scope="session")
def index_path(index: KnowledgeIndex, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return index.save(tmp_path_factory.mktemp("index") / "index.joblib")


@pytest.fixture(scope="session")
def bot(index: KnowledgeIndex) -> Bot:
    return Bot(index)


@pytest.fixture(scope="session")
def decline_rule(bot: Bot) -> Callable[[str], DeclineRule]:
    """A decline data file's rule, as written, by its name ("careers" for 55_careers.toml)."""
    return {rule.name: rule for rule in bot.data.declines}.__getitem__


@pytest.fixture(scope="session")
def unsure_message(bot: Bot) -> str:
    """A message the bot answers with "Did you mean": the first opener of the conversation
    file's picks of one (`tests/data/conversation.jsonl`) that still gets it, so retraining
    that reorders passages needs no test edited."""
    picks = Path(__file__).resolve().parent / "data" / "conversation.jsonl"
    openers = [c["context"][0] for c in load_cases(picks) if "Did you mean" in c.get("note", "")]
    for message in dict.fromkeys(openers):
        if bot.reply(message).answer.startswith(bot.messages["clarify"]):
            return message
    raise AssertionError(f"none of {openers} gets 'Did you mean'; add a pick that does")


@pytest.fixture(scope="session")
def twins_replied_apart(bot: Bot) -> Callable[[str, str], tuple[int, list[str]]]:
    """For a file of `tests/data/` holding question pairs (JSON lines: `id`, a question `q` and
    its twin under another key): how many pairs it holds, and the ids of those whose two
    questions get different replies."""
    data = Path(__file__).resolve().parent / "data"

    def apart(name: str, twin: str) -> tuple[int, list[str]]:
        lines = (data / name).read_text(encoding="utf-8").splitlines()
        pairs = [json.loads(line) for line in lines]
        differ = [p["id"] for p in pairs if bot.reply(p["q"]).answer != bot.reply(p[twin]).answer]
        return len(pairs), differ

    return apart
