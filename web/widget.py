"""The embeddable widget (`/widget.js`, `/widget.css`), its settings (`/api/widget-config`) and a
demo page (`/`) showing it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request
from werkzeug.wrappers import Response as WerkzeugResponse

from bot.bot_data import BotData
from bot.settings import BotSettings
from web.extension import get_state

bp = Blueprint("widget", __name__)

ASSET_MAX_AGE = 300
MEDIA_TYPES = {".js": "text/javascript", ".css": "text/css"}


def static_dir() -> Path:
    """The widget's files inside the installed package."""
    return Path(str(resources.files("web"))) / "static"


def cacheable(response: Response) -> WerkzeugResponse:
    """Cacheable for a few minutes, loadable from any site, revalidated by ETag."""
    response.cache_control.public = True
    response.cache_control.max_age = ASSET_MAX_AGE
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    response.add_etag()
    return response.make_conditional(request)


def asset(name: str) -> WerkzeugResponse:
    """A small static file of the widget."""
    path = static_dir() / name
    return cacheable(Response(path.read_bytes(), mimetype=MEDIA_TYPES[path.suffix]))


def widget_config(data: BotData, settings: BotSettings) -> dict[str, Any]:
    """What the widget shows that the bot also says, from the bot's own loaded data: the
    starter questions, the message limit, the notice and the help lines shown on every page."""
    book = data.resources
    return {
        "max_message_chars": settings.max_message_chars,
        "starter_questions": list(data.smalltalk.starter_questions)[: settings.max_suggestions],
        "notice": data.messages["professional_pointer"],
        "crisis_line": data.messages["resources_line"],
        "crisis_lines": [r.source() for r in book.pick(list(book.always_shown))],
    }


@bp.get("/")
def demo() -> str:
    """A sample provider homepage with the widget on it."""
    return render_template("demo.html")


@bp.get("/api/widget-config")
def config() -> WerkzeugResponse:
    """The widget's settings, from the data the serving bot loaded (a reload changes both)."""
    bot = get_state().bot
    return cacheable(jsonify(widget_config(bot.data, bot.settings)))


@bp.get("/widget.js")
def script() -> WerkzeugResponse:
    return asset("widget.js")


@bp.get("/widget.css")
def stylesheet() -> WerkzeugResponse:
    return asset("widget.css")


@bp.get("/demo.css")
def demo_stylesheet() -> WerkzeugResponse:
    return asset("demo.css")
