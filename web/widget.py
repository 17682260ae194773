"""The embeddable widget (`/widget.js`, `/widget.css`) and a demo page (`/`) showing it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from flask import Blueprint, Response, render_template, request
from werkzeug.wrappers import Response as WerkzeugResponse

bp = Blueprint("widget", __name__)

ASSET_MAX_AGE = 300
MEDIA_TYPES = {".js": "text/javascript", ".css": "text/css"}


def static_dir() -> Path:
    """The widget's files inside the installed package."""
    return Path(str(resources.files("web"))) / "static"


def asset(name: str) -> WerkzeugResponse:
    """A small static file, cacheable for a few minutes and loadable from any site."""
    path = static_dir() / name
    response = Response(path.read_bytes(), mimetype=MEDIA_TYPES[path.suffix])
    response.cache_control.public = True
    response.cache_control.max_age = ASSET_MAX_AGE
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/")
def demo() -> str:
    """A sample provider homepage with the widget on it."""
    return render_template("demo.html")


@bp.get("/widget.js")
def script() -> WerkzeugResponse:
    return asset("widget.js")


@bp.get("/widget.css")
def stylesheet() -> WerkzeugResponse:
    return asset("widget.css")


@bp.get("/demo.css")
def demo_stylesheet() -> WerkzeugResponse:
    return asset("demo.css")
