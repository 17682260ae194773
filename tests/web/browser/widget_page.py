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
