"""Any accent colour given with data-color keeps every text at 4.5:1 or more."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from tests.web.browser.figures import Figures
from tests.web.browser.widget_page import WidgetPage

pytestmark = pytest.mark.browser

COLORS = ["#0b5cad", "#ffd400", "#2d6a4f", "#ffffff", "#777777", "#00e5ff", "hotpink", "#000"]
TEXTS = {
    "launcher": ".iop-launcher-label",
    "title": ".iop-title",
    "subtitle": ".iop-subtitle",
    "your message": ".iop-user",
    "suggestion": ".iop-chip",
    "source": ".iop-source",
    "answer": ".iop-bot .iop-text",
    "crisis link": ".iop-crisis-link",
}


@pytest.mark.parametrize("color", COLORS)
def test_text_contrast_with_any_accent(
    page: Page, live_server: str, embedding_site: str, figures: Figures, color: str
) -> None:
    query = urlencode({"script": live_server + "/widget.js", "color": color})
    widget = WidgetPage(page)
    page.goto(f"{embedding_site}/?{query}")
    widget.open()
    widget.ask("how long does IOP last?")
    expect(widget.chips.first).to_be_visible()
    ratios = {name: widget.contrast(page.locator(css).first) for name, css in TEXTS.items()}
    figures.record(f"contrast, data-color {color}: lowest", min(ratios.values()))
    low = {name: round(r, 2) for name, r in ratios.items() if r < 4.5}
    assert low == {}
