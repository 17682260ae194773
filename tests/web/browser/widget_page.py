"""Driving the widget in a page, as a visitor would."""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import Locator, Page, expect

OPEN_LABEL = "Ask about IOP"


class WidgetPage:
    """The widget on a loaded page."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.requests: list[dict[str, Any]] = []
        page.on("request", self._record)

    def _record(self, request: Any) -> None:
        if request.url.endswith("/api/chat") and request.method == "POST":
            self.requests.append(json.loads(request.post_data or "null"))

    @property
    def launcher(self) -> Locator:
        return self.page.locator(".iop-launcher")

    @property
    def panel(self) -> Locator:
        return self.page.locator(".iop-panel")

    @property
    def input(self) -> Locator:
        return self.page.get_by_label("Your question")

    @property
    def replies(self) -> Locator:
        return self.page.locator(".iop-bot")

    @property
    def user_messages(self) -> Locator:
        return self.page.locator(".iop-user")

    def focused_class(self) -> str:
        """The class of the focused element inside the widget ('' when focus is outside)."""
        return self.page.evaluate(
            """() => {
                const host = document.querySelector('.iop-faq-widget');
                const active = host && host.shadowRoot.activeElement;
                return active ? active.className : '';
            }"""
        )

    def open_by_keyboard(self) -> None:
        expect(self.launcher).to_be_visible()
        for _ in range(30):
            if "iop-launcher" in self.focused_class():
                break
            self.page.keyboard.press("Tab")
        assert "iop-launcher" in self.focused_class(), "the launcher is not reachable by Tab"
        self.page.keyboard.press("Enter")
        expect(self.panel).to_be_visible()

    def open(self) -> None:
        expect(self.launcher).to_be_visible()
        if self.launcher.get_attribute("aria-expanded") != "true":
            self.launcher.click()
        expect(self.panel).to_be_visible()

    def ask(self, message: str) -> Locator:
        """Type a message, send it with Enter, and return the reply that arrives."""
        count = self.replies.count()
        self.input.fill(message)
        self.input.press("Enter")
        expect(self.replies).to_have_count(count + 1)
        return self.replies.last

    @property
    def log(self) -> Locator:
        return self.page.locator(".iop-log")

    @property
    def chips(self) -> Locator:
        return self.page.locator(".iop-chip")

    def box(self, locator: Locator) -> dict[str, float]:
        box = locator.bounding_box()
        assert box is not None, f"{locator} is not displayed"
        return box

    def log_height(self) -> float:
        return self.box(self.log)["height"]

    def shown_in_log(self, locator: Locator) -> bool:
        """Whether the element lies wholly inside the visible part of the conversation."""
        return locator.evaluate(
            """(node) => {
                const log = node.closest('.iop-log');
                const a = node.getBoundingClientRect(), b = log.getBoundingClientRect();
                return a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5 && a.height > 0;
            }"""
        )

    def line_count(self, locator: Locator) -> int:
        """How many lines of text the element takes."""
        return locator.evaluate(
            """(node) => {
                const style = getComputedStyle(node);
                const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
                const inner = node.clientHeight - parseFloat(style.paddingTop)
                    - parseFloat(style.paddingBottom);
                return Math.round(inner / line);
            }"""
        )

    def contrast(self, locator: Locator) -> float:
        """Contrast ratio of the element's text colour on the background behind it."""
        return locator.evaluate(CONTRAST_JS)


# The text colour and the first opaque background up the tree (crossing the shadow root).
CONTRAST_JS = """(node) => {
    const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
    const lum = (c) => {
        const [r, g, b] = c.slice(0, 3).map((v) => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    let back = null;
    for (let el = node; el; el = el.parentElement || (el.getRootNode().host || null)) {
        const c = rgb(getComputedStyle(el).backgroundColor);
        if (c.length >= 3 && (c.length === 3 || c[3] === 1)) { back = c; break; }
    }
    back = back || [255, 255, 255];
    const text = rgb(getComputedStyle(node).color);
    const [hi, lo] = [lum(text), lum(back)].sort((a, b) => b - a);
    return (hi + 0.05) / (lo + 0.05);
}"""
