"""Web fixtures: an app on the session's index, its test client, and its CLI runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from web import create_app

HIGH_LIMIT = "10000/second"


@pytest.fixture
def make_app(index_path: Path) -> Callable[..., Flask]:
    """Build an app on the test index; keyword arguments override its configuration."""

    def make(**overrides: Any) -> Flask:
        config = {
            "TESTING": True,
            "IOP_FAQ_INDEX": str(index_path),
            "IOP_FAQ_CHAT_LIMIT": HIGH_LIMIT,
            "IOP_FAQ_RATELIMIT_STORAGE_URI": "memory://",
            **overrides,
        }
        return create_app(config)

    return make


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
