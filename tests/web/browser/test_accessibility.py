"""axe-core finds no WCAG 2.2 A/AA or best-practice violations, closed, open and with a
conversation, on every screen; each state is photographed for review."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

from tests.web.browser.conftest import SCREENS, Screen
from tests.web.browser.figures import Figures
from tests.web.browser.widget_page import WidgetPage

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def violations(page: Page, axe_script: Path) -> list[dict[str, Any]]:
    if not page.evaluate("() => 'axe' in window"):
        page.add_script_tag(path=str(axe_script))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {"id": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]


def refuse(status: int, headers: dict[str, str] | None = None) -> Callable[[Route], None]:
    body = json.dumps({"error": "Too many messages; please wait a moment and try again."})
    return lambda route: route.fulfill(
        status=status, content_type="application/json", body=body, headers=headers or {}
    )


@pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])
def test_every_state_has_no_violations(
    screen: Screen,
    open_page: Callable[..., Page],
    live_server: str,
    axe_script: Path,
    screenshots: Path,
    figures: Figures,
) -> None:
    page = open_page(screen, bypass_csp=True)
    widget = WidgetPage(page)
    page.goto(live_server + "/")
    expect(widget.launcher).to_be_visible()
    found: dict[str, list[dict[str, Any]]] = {}

    def state(name: str, audit: bool = True) -> None:
        page.wait_for_timeout(200)  # let the opening animation finish
        page.screenshot(path=str(screenshots / f"{screen.name}-{name}.png"))
        if audit:
            found[name] = violations(page, axe_script)
            figures.record(f"axe violations: {screen.name}, {name}", len(found[name]))

    state("closed")
    widget.open()
    state("open")
    widget.ask("how long does IOP last?")
    state("answer", audit=False)  # audited with the crisis reply below it
    widget.ask("i want to kill myself")
    state("crisis")
    page.route("**/api/chat", lambda route: route.abort())
    widget.input.fill("what is IOP?")
    widget.input.press("Enter")
    expect(page.get_by_role("button", name="Retry")).to_be_visible()
    state("failed", audit=False)  # audited as rate-limited: the same bubbles, other words
    page.unroute("**/api/chat")
    page.route("**/api/chat", refuse(429, {"Retry-After": "30"}))
    page.get_by_role("button", name="Retry").click()
    expect(page.locator(".iop-wait")).to_be_visible()
    state("rate-limited")
    page.keyboard.press("Escape")
    state("closed-after", audit=False)
    assert found == {name: [] for name in found}
