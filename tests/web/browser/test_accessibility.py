"""axe-core finds no WCAG 2.1 A/AA violations; screenshots at desktop and phone widths."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.browser.widget_page import WidgetPage

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def audit_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page that lets the test inject axe-core despite the site's script policy."""
    viewport = getattr(request, "param", DESKTOP)
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def converse(widget: WidgetPage) -> None:
    widget.open()
    widget.ask("how long does IOP last?")
    widget.ask("i want to kill myself")


def violations(page: Page, axe_script: Path) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(axe_script))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {"id": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


@pytest.mark.parametrize("audit_page", [DESKTOP, PHONE], indirect=True, ids=["desktop", "phone"])
def test_demo_page_with_the_widget_open_has_no_violations(
    audit_page: Page, live_server: str, axe_script: Path
) -> None:
    widget = WidgetPage(audit_page)
    audit_page.goto(live_server + "/")
    converse(widget)
    assert violations(audit_page, axe_script) == []


def test_demo_page_with_the_widget_closed_has_no_violations(
    audit_page: Page, live_server: str, axe_script: Path
) -> None:
    audit_page.goto(live_server + "/")
    expect(WidgetPage(audit_page).launcher).to_be_visible()
    assert violations(audit_page, axe_script) == []


def test_error_state_has_no_violations(
    audit_page: Page, live_server: str, axe_script: Path
) -> None:
    audit_page.route("**/api/chat", lambda route: route.abort())
    widget = WidgetPage(audit_page)
    audit_page.goto(live_server + "/")
    widget.open()
    widget.input.fill("hello")
    widget.input.press("Enter")
    expect(audit_page.locator(".iop-error")).to_be_visible()
    assert violations(audit_page, axe_script) == []


@pytest.mark.parametrize(
    ("audit_page", "name"), [(DESKTOP, "desktop"), (PHONE, "phone")], indirect=["audit_page"]
)
def test_screenshots(audit_page: Page, live_server: str, screenshots: Path, name: str) -> None:
    widget = WidgetPage(audit_page)
    audit_page.goto(live_server + "/")
    audit_page.screenshot(path=str(screenshots / f"{name}-closed.png"))
    converse(widget)
    audit_page.screenshot(path=str(screenshots / f"{name}-open.png"))
    panel = widget.panel.bounding_box()
    assert panel is not None
    viewport = audit_page.viewport_size
    assert viewport is not None
    if name == "phone":
        assert panel["width"] == viewport["width"]
    else:
        assert panel["width"] < viewport["width"] / 2
    assert (screenshots / f"{name}-open.png").stat().st_size > 10_000
