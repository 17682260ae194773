"""The widget in real headless Chromium: conversation, keyboard, crisis, persistence, safety."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from tests.web.browser.widget_page import WidgetPage

pytestmark = pytest.mark.browser


@pytest.fixture
def widget(page: Page, live_server: str) -> WidgetPage:
    widget = WidgetPage(page)
    page.goto(live_server + "/")
    return widget


def test_conversation_by_keyboard(
    widget: WidgetPage, dialogs: list[str], console_errors: list[str]
) -> None:
    widget.open_by_keyboard()
    expect(widget.launcher).to_have_attribute("aria-expanded", "true")
    assert "iop-input" in widget.focused_class()

    answer = widget.ask("how long does IOP last?")
    expect(answer).to_contain_text("weeks")
    expect(answer).to_contain_text("professional")
    expect(answer.locator(".iop-source")).to_contain_text("Source:")

    widget.ask("is there one for teens?")
    assert widget.requests[0].get("context") is None
    assert widget.requests[1]["context"]["turn"] == 1

    chip = widget.replies.last.locator(".iop-chip").first
    question = chip.inner_text()
    chip.click()
    expect(widget.replies).to_have_count(3)
    expect(widget.user_messages.last).to_contain_text(question)
    assert widget.requests[2]["message"] == question

    widget.page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    expect(widget.launcher).to_have_attribute("aria-expanded", "false")
    assert "iop-launcher" in widget.focused_class()
    assert dialogs == []
    assert console_errors == []


def test_starter_question_chips(widget: WidgetPage) -> None:
    widget.open()
    widget.page.locator(".iop-welcome .iop-chip", has_text="How long does IOP last?").click()
    expect(widget.replies).to_have_count(1)
    expect(widget.replies.last).to_contain_text("weeks")


def test_crisis_reply_is_distinct_with_tappable_lines(widget: WidgetPage) -> None:
    widget.open()
    reply = widget.ask("i want to kill myself")
    expect(reply).to_have_class("iop-msg iop-bot iop-crisis")
    expect(reply.locator('a[href="tel:988"]').first).to_be_visible()
    expect(reply.locator('a[href="sms:988"]')).to_be_visible()
    expect(reply.locator('a[href="tel:911"]').first).to_be_visible()
    expect(reply.locator('a[href="sms:741741"]')).to_have_text("741741")


def test_conversation_survives_a_reload(widget: WidgetPage, live_server: str) -> None:
    widget.open()
    widget.ask("how long does IOP last?")
    widget.page.reload()
    widget.open()
    expect(widget.user_messages).to_have_count(1)
    expect(widget.user_messages.first).to_contain_text("how long does IOP last?")
    expect(widget.replies.first).to_contain_text("weeks")
    widget.ask("is there one for teens?")
    assert widget.requests[-1]["context"]["turn"] == 1


def test_conversation_survives_navigation_within_the_tab(
    widget: WidgetPage, live_server: str
) -> None:
    widget.open()
    widget.ask("what is an intensive outpatient program?")
    widget.page.goto(live_server + "/?page=2")
    widget.open()
    expect(widget.user_messages).to_have_count(1)


def test_markup_is_shown_as_text(widget: WidgetPage, dialogs: list[str]) -> None:
    widget.open()
    markup = "<img src=x onerror=alert(1)>"
    widget.ask(markup)
    expect(widget.user_messages.last).to_contain_text(markup)
    assert widget.page.locator(".iop-faq-widget img").count() == 0
    widget.page.wait_for_timeout(300)
    assert dialogs == []


def test_crisis_line_stays_when_the_api_is_down(widget: WidgetPage) -> None:
    widget.page.route("**/api/chat", lambda route: route.abort())
    widget.open()
    expect(widget.page.locator(".iop-crisis-line a[href='tel:988']")).to_be_visible()
    widget.input.fill("how long does IOP last?")
    widget.input.press("Enter")
    error = widget.page.locator(".iop-error")
    expect(error).to_contain_text("can\u2019t reach")
    expect(error.locator("a[href='tel:988']")).to_be_visible()
    expect(error.locator("a[href='tel:911']")).to_be_visible()


def test_rate_limited_reply_shows_the_crisis_line(widget: WidgetPage) -> None:
    body = (
        '{"error": "Too many messages; please wait. In a crisis: call or text 988, or call 911."}'
    )
    widget.page.route(
        "**/api/chat",
        lambda route: route.fulfill(status=429, content_type="application/json", body=body),
    )
    widget.open()
    widget.input.fill("hello")
    widget.input.press("Enter")
    error = widget.page.locator(".iop-error")
    expect(error).to_contain_text("Too many messages")
    expect(error.locator("a[href='tel:988']")).to_be_visible()
    expect(error.locator("a[href='tel:911']")).to_be_visible()


def test_accessible_structure(widget: WidgetPage) -> None:
    expect(widget.page.get_by_role("button", name="Ask about IOP")).to_have_attribute(
        "aria-expanded", "false"
    )
    widget.open()
    log = widget.page.get_by_role("log")
    expect(log).to_have_attribute("aria-live", "off")
    announcer = widget.page.locator(".iop-announcer")
    expect(announcer).to_have_attribute("aria-live", "polite")
    widget.ask("how long does IOP last?")
    expect(announcer).to_contain_text("professional")
    expect(announcer).not_to_contain_text("how long does IOP last?")
    expect(widget.page.get_by_role("dialog", name="Questions about IOP")).to_be_visible()
    widget.page.get_by_role("button", name="Close chat").click()
    assert "iop-launcher" in widget.focused_class()


def test_no_cookies_and_no_other_hosts(page: Page, live_server: str) -> None:
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    widget = WidgetPage(page)
    page.goto(live_server + "/")
    widget.open()
    widget.ask("how long does IOP last?")
    assert hosts == {live_server.split("/")[2]}
    assert page.context.cookies() == []


def test_embedding_on_another_site_with_theming(
    page: Page, live_server: str, embedding_site: str, console_errors: list[str]
) -> None:
    query = urlencode(
        {
            "script": live_server + "/widget.js",
            "title": "Clinic questions",
            "color": "#2d6a4f",
            "position": "left",
        }
    )
    widget = WidgetPage(page)
    page.goto(f"{embedding_site}/?{query}")
    widget.open()
    expect(page.get_by_role("heading", name="Clinic questions")).to_be_visible()
    box = widget.launcher.bounding_box()
    assert box is not None and box["x"] < 100
    color = widget.launcher.evaluate("el => getComputedStyle(el).backgroundColor")
    assert color == "rgb(45, 106, 79)"
    expect(widget.ask("how long does IOP last?")).to_contain_text("weeks")
    assert console_errors == []
