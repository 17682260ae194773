"""The widget's files and the demo page, as served."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient


class Scripts(HTMLParser):
    """Collects <script> tags and inline handlers of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[dict[str, str | None]] = []
        self.inline_code: list[str] = []
        self.handlers: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        if tag == "script":
            self.tags.append(dict(attrs))
            self._in_script = True

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_script and tag != "script"

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_code.append(data)


def test_demo_page_embeds_the_widget_with_one_tag(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = Scripts()
    page.feed(response.get_data(as_text=True))
    assert len(page.tags) == 1
    tag = page.tags[0]
    assert tag["src"] == "/widget.js" and "defer" in tag
    assert page.inline_code == [] and page.handlers == []


def test_demo_page_uses_only_its_own_origin(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_widget_script_is_served_as_javascript(client: FlaskClient) -> None:
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.cache_control.max_age == 300
    assert "document.currentScript" in response.get_data(as_text=True)


def test_widget_files_support_conditional_requests(client: FlaskClient) -> None:
    etag = client.get("/widget.css").headers["ETag"]
    assert client.get("/widget.css", headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.parametrize(
    "forbidden",
    [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "document.cookie",
        "localStorage",
        "sendBeacon",
        "XMLHttpRequest",
    ],
)
def test_widget_script_avoids_unsafe_apis(client: FlaskClient, forbidden: str) -> None:
    script = client.get("/widget.js").get_data(as_text=True)
    code = "\n".join(
        line for line in script.splitlines() if not line.lstrip().startswith(("/*", "*"))
    )
    assert forbidden not in code


def test_stylesheet_uses_the_system_font_stack_and_no_remote_resources(client: FlaskClient) -> None:
    css = client.get("/widget.css").get_data(as_text=True)
    assert "system-ui" in css
    assert "url(" not in css and "@import" not in css
    assert "@media (max-width: 480px)" in css


def test_widget_script_stays_small(client: FlaskClient) -> None:
    assert len(client.get("/widget.js").get_data()) < 20 * 1024
