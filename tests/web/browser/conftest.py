"""Browser fixtures: the app on a real local server, and headless Chromium through Playwright."""

from __future__ import annotations

import html
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response

from tests.web.browser.figures import Figures
from web import create_app
from web.server import QuietRequestHandler

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}


@dataclass(frozen=True)
class Screen:
    """A screen to test on: browser zoom is a smaller CSS viewport drawn at a higher scale."""

    name: str
    width: int
    height: int
    zoom: int = 1

    @property
    def viewport(self) -> dict[str, int]:
        return {"width": self.width // self.zoom, "height": self.height // self.zoom}


SCREENS = (
    Screen("desktop", 1280, 800),
    Screen("phone", 390, 844),
    Screen("landscape", 844, 390),
    Screen("zoom200", 1280, 800, zoom=2),
    Screen("zoom400", 1280, 800, zoom=4),
)


def browser_unavailable(reason: str) -> None:
    """Skip only when asked to and Chromium is absent; fail otherwise."""
    if not CHROMIUM.exists() and os.environ.get("IOP_FAQ_SKIP_BROWSER") == "1":
        pytest.skip(f"browser tests skipped (IOP_FAQ_SKIP_BROWSER=1): {reason}")
    pytest.fail(f"{reason}; tests/run.sh installs it (or set IOP_FAQ_SKIP_BROWSER=1)")


def serving(app: Callable[..., Iterable[bytes]]) -> Iterator[str]:
    """Serve a WSGI app on a free local port in a thread; yields its base URL."""
    server: BaseWSGIServer = make_server(
        "127.0.0.1", 0, app, threaded=True, request_handler=QuietRequestHandler
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@Request.application
def clinic_site(request: Request) -> Response:
    """Another site embedding the widget: `/?script=URL&` plus data- attributes to set."""
    attributes = "".join(
        f' data-{html.escape(name)}="{html.escape(value)}"'
        for name, value in request.args.items()
        if name != "script"
    )
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A clinic</title>'
        '<link rel="icon" href="data:,">'
        "</head><body><main><h1>A clinic</h1><p>Welcome.</p></main>"
        f'<script src="{html.escape(request.args["script"])}" defer{attributes}></script>'
        "</body></html>"
    )
    return Response(page, mimetype="text/html")


@pytest.fixture(scope="session")
def embedding_site() -> Iterator[str]:
    """A site on another origin that embeds the widget."""
    yield from serving(clinic_site)


@pytest.fixture(scope="session")
def unlisted_site() -> Iterator[str]:
    """A site on another origin that embeds the widget but is not on the CORS list."""
    yield from serving(clinic_site)


@pytest.fixture(scope="session")
def live_server(index_path: Path, embedding_site: str) -> Iterator[str]:
    """The app served over HTTP on a free local port, allowing the embedding site by CORS."""
    app = create_app(
        {
            "IOP_FAQ_INDEX": str(index_path),
            "IOP_FAQ_CHAT_LIMIT": "10000/second",
            "IOP_FAQ_RATELIMIT_STORAGE_URI": "memory://",
            "IOP_FAQ_CORS_ORIGINS": [embedding_site],
        }
    )
    yield from serving(app)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        browser_unavailable(f"{CHROMIUM} is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def dialogs() -> list[str]:
    """Messages of any JavaScript dialogs (alert, confirm) the page opened."""
    return []


@pytest.fixture
def console_errors() -> list[str]:
    """Errors the page logged (failed loads, script errors, policy violations)."""
    return []


def watch(page: Any, dialogs: list[str], console_errors: list[str]) -> None:
    """Record the page's dialogs and logged errors."""
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    page.on(
        "console",
        lambda message: console_errors.append(message.text) if message.type == "error" else None,
    )
    page.set_default_timeout(10_000)


@pytest.fixture
def open_page(
    browser: Any, dialogs: list[str], console_errors: list[str]
) -> Iterator[Callable[..., Any]]:
    """Opens pages on a given screen; `bypass_csp` lets a test inject axe-core."""
    contexts: list[Any] = []

    def opener(screen: Screen, bypass_csp: bool = False) -> Any:
        context = browser.new_context(
            viewport=screen.viewport, device_scale_factor=screen.zoom, bypass_csp=bypass_csp
        )
        contexts.append(context)
        page = context.new_page()
        watch(page, dialogs, console_errors)
        return page

    yield opener
    for context in contexts:
        context.close()


@pytest.fixture
def page(browser: Any, dialogs: list[str], console_errors: list[str]) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    watch(page, dialogs, console_errors)
    yield page
    context.close()


@pytest.fixture
def screenshots(request: pytest.FixtureRequest) -> Path:
    path = request.config.rootpath / "test-output" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def figures(pytestconfig: pytest.Config) -> Figures:
    return Figures(pytestconfig.rootpath / "test-output" / "widget-figures.json")


@pytest.fixture(scope="session")
def axe_script(pytestconfig: pytest.Config) -> Path:
    path = pytestconfig.rootpath / "tests" / "web" / "node_modules" / "axe-core" / "axe.min.js"
    if not path.exists():
        pytest.fail(
            "axe-core is not installed: run `npm ci --prefix tests/web` (tests/run.sh does)"
        )
    return path
