"""Shared fixtures: one index of the shipped corpus built per test session, and a bot on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import Bot
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
