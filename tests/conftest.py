"""Shared fixtures: one index of the shipped corpus built per test session, a bot on it, and
its decline rules by name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot import Bot
from bot.declines import DeclineRule
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
