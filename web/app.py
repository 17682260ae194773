"""The application factory."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider
from werkzeug.middleware.proxy_fix import ProxyFix

from web import access_log, errors, extension, limits, security
from web.api import bp as api_bp
from web.config import SETTINGS, Settings
from web.widget import bp as widget_bp

log = logging.getLogger("iop_faq.web")


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app; the index is loaded here, once (raises KnowledgeError if unusable)."""
    app = Flask(__name__, static_folder=None)
    settings = Settings.resolve(config)
    app.config.update(settings.flask_config())
    app.extensions[SETTINGS] = settings
    if isinstance(app.json, DefaultJSONProvider):
        app.json.sort_keys = False
    extension.init_app(app)
    app.register_blueprint(api_bp)
    app.register_blueprint(widget_bp)
    errors.init_app(app)
    security.init_app(app)
    access_log.init_app(app)
    limits.init_app(app)
    trust_proxies(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Behind N reverse proxies, take the client address from X-Forwarded-For."""
    count = int(app.config["IOP_FAQ_PROXY_COUNT"])
    if count > 0:
        log.warning(
            "IOP_FAQ_PROXY_COUNT=%d: client addresses are taken from X-Forwarded-For; the app "
            "port must be reachable only through the proxy, or clients can forge their address "
            "and escape the rate limit",
            count,
        )
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)  # type: ignore[method-assign]
