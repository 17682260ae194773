"""The widget in real headless Chromium: conversation, keyboard, failures, persistence, safety."""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Page, expect

from bot.data_files import load_toml
from bot.settings import bot_data_dir
from tests.web.browser.conftest import SCREENS
from tests.web.browser.widget_page import WidgetPage

pytestmark = pytest.mark.browser

PHONE = next(s for s in SCREENS if s.name == "phone")


@pytest.fixture
def widget(page: Page, live_server: str) -> WidgetPage:
    widget = WidgetPage(page)
    page.goto(live_server + "/")
    return widget


@pytest.fixture(scope="module")
def messages() -> dict[str, str]:
    return load_toml(bot_data_dir() / "messages.toml")


def json_reply(status: int, body: object, headers: dict[str, str] | None = None) -> Callable:
    return lambda route: route.fulfill(
        status=status, content_type="application/json", body=json.dumps(body), headers=headers
    )


def test_conversation_by_keyboard(
    widget: WidgetPage, dialogs: list[str], console_errors: list[str]
) -> None:
    expect(widget.launcher).to_have_text("Ask about IOP")
    widget.open_by_keyboard()
    expect(widget.launcher).to_have_attribute("aria-expanded", "true")
    expect(widget.launcher).to_have_text("Hide chat")
    assert "iop-input" in widget.focused_class()

    answer = widget.ask("how long does IOP last?")
    expect(answer).to_contain_text("weeks")
    expect(answer.locator(".iop-source")).to_contain_text("Source:")

    widget.ask("is there one for teens?")
    assert widget.requests[0].get("context") is None
    assert widget.requests[1]["context"]["turn"] == 1

    chip = widget.chips.first
    question = chip.inner_text()
    chip.focus()
    widget.page.keyboard.press("Enter")
    expect(widget.replies).to_have_count(3)
    expect(widget.user_messages.last).to_contain_text(question)
    assert widget.requests[2]["message"] == question
    assert "iop-input" in widget.focused_class()

    widget.page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    expect(widget.launcher).to_have_attribute("aria-expanded", "false")
    expect(widget.launcher).to_have_text("Ask about IOP")
    assert "iop-launcher" in widget.focused_class()
    assert dialogs == []
    assert console_errors == []


def test_chips_only_under_the_latest_reply(widget: WidgetPage) -> None:
    widget.open()
    expect(widget.page.locator(".iop-chips")).to_have_count(1)
    widget.chips.first.click()
    expect(widget.replies).to_have_count(1)
    widget.ask("what happens in IOP?")
    groups = widget.page.locator(".iop-chips")
    expect(groups).to_have_count(1)
    follows_last_reply = groups.evaluate(
        "(g) => g.previousElementSibling === [...g.parentNode.querySelectorAll('.iop-bot')].pop()"
    )
    assert follows_last_reply
    expect(widget.replies.first.locator(".iop-chip")).to_have_count(0)


def test_starters_limit_and_help_lines_come_from_the_server(page: Page, live_server: str) -> None:
    config = {
        "max_message_chars": 123,
        "starter_questions": ["Is IOP covered by insurance?"],
        "notice": "Served notice.",
        "crisis_line": "Call the served line.",
        "crisis_lines": [{"title": "A served line", "tel": "555-0100", "sms": "55500"}],
    }
    page.route("**/api/widget-config", json_reply(200, config))
    widget = WidgetPage(page)
    page.goto(live_server + "/")
    widget.open()
    expect(widget.chips).to_have_text(["Is IOP covered by insurance?"])
    expect(widget.input).to_have_attribute("maxlength", "123")
    notice = page.locator(".iop-notice")
    expect(notice).to_contain_text("Served notice.")
    expect(notice.locator("a[href='tel:5550100']")).to_have_text("Call 555-0100, A served line")
    expect(notice.locator("a[href='sms:55500']")).to_be_visible()


def test_the_served_settings_are_the_bots(widget: WidgetPage, messages: dict[str, str]) -> None:
    widget.open()
    starters = load_toml(bot_data_dir() / "smalltalk.toml")["starter_questions"]
    expect(widget.chips).to_have_text(starters[:3])
    expect(widget.page.locator(".iop-disclaimer")).to_contain_text(messages["professional_pointer"])
    expect(widget.input).to_have_attribute("maxlength", "1000")


def test_crisis_reply_offers_every_line_as_an_action(widget: WidgetPage) -> None:
    widget.open()
    reply = widget.ask("i want to kill myself")
    expect(reply).to_have_class("iop-msg iop-bot iop-crisis")
    actions = reply.locator(".iop-action")
    expect(actions.nth(0)).to_have_attribute("href", "tel:988")
    expect(actions.nth(0)).to_contain_text("Call 988")
    expect(actions.nth(1)).to_have_attribute("href", "sms:988")
    expect(actions.nth(2)).to_have_attribute("href", "tel:911")
    expect(actions.nth(3)).to_have_attribute("href", "sms:741741?&body=HOME")
    expect(actions.nth(3)).to_contain_text("Text HOME to 741741")
    # The Massachusetts line takes texts as well as calls.
    expect(reply.locator("a[href='tel:8337732445']")).to_be_visible()
    expect(reply.locator("a[href='sms:8337732445']")).to_be_visible()
    # Actions first, then the words.
    first = reply.evaluate("(r) => [...r.children].find((c) => !c.matches('.iop-sr')).className")
    assert first == "iop-actions"


def test_no_disclaimer_or_resources_line_in_the_bubbles(
    widget: WidgetPage, messages: dict[str, str]
) -> None:
    widget.open()
    widget.ask("i want to kill myself")
    widget.ask("how long does IOP last?")
    widget.ask("hello")
    for text in widget.replies.all_inner_texts():
        assert messages["professional_pointer"] not in text
        assert messages["resources_line"] not in text
    expect(widget.page.locator(".iop-subtitle")).to_contain_text("not medical advice")


def test_source_takes_one_line(widget: WidgetPage) -> None:
    widget.open()
    source = widget.ask("how long does IOP last?").locator(".iop-source")
    expect(source).to_contain_text("Source:")
    assert widget.line_count(source) == 1


def test_conversation_survives_a_reload_showing_the_latest_message(
    widget: WidgetPage, live_server: str
) -> None:
    widget.open()
    for question in ["how long does IOP last?", "what happens in IOP?", "is there IOP for teens?"]:
        widget.ask(question)
    widget.page.reload()
    expect(widget.panel).to_be_visible()
    expect(widget.user_messages).to_have_count(3)
    expect(widget.replies.first).to_contain_text("weeks")
    assert widget.log.evaluate("(log) => log.scrollHeight > log.clientHeight + 100")
    assert widget.shown_in_log(widget.user_messages.last)
    assert widget.shown_in_log(widget.replies.last.locator("p").first)
    widget.ask("is there one for veterans?")
    assert widget.requests[-1]["context"]["turn"] == 3


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


def test_a_failed_send_keeps_its_text_and_can_be_retried(widget: WidgetPage) -> None:
    page = widget.page
    page.route("**/api/chat", lambda route: route.abort())
    widget.open()
    expect(page.locator(".iop-crisis-line a[href='tel:988']")).to_be_visible()
    widget.input.fill("how long does IOP last?")
    widget.input.press("Enter")
    expect(page.locator(".iop-error")).to_contain_text("can\u2019t reach")
    expect(widget.user_messages.last).to_contain_text("how long does IOP last?")
    expect(widget.user_messages.last).to_contain_text("not sent")
    expect(page.locator(".iop-crisis-line a[href='tel:911']")).to_be_visible()
    page.unroute("**/api/chat")
    page.get_by_role("button", name="Retry").click()
    expect(widget.replies).to_have_count(1)
    expect(widget.replies.last).to_contain_text("weeks")
    expect(page.locator(".iop-error")).to_have_count(0)
    expect(widget.user_messages).to_have_count(1)
    assert [r["message"] for r in widget.requests] == ["how long does IOP last?"] * 2


def test_rate_limit_shows_the_wait_and_holds_sending(widget: WidgetPage) -> None:
    page = widget.page
    body = {"error": "Too many messages; please wait a moment and try again."}
    page.route("**/api/chat", json_reply(429, body, {"Retry-After": "3"}))
    widget.open()
    widget.input.fill("hello")
    widget.input.press("Enter")
    error = page.locator(".iop-error")
    expect(error).to_contain_text("Too many messages")
    expect(error).to_contain_text("seconds")
    assert 1 <= int(page.locator(".iop-wait").inner_text()) <= 3
    expect(page.locator(".iop-send")).to_be_disabled()
    expect(page.get_by_role("button", name="Retry")).to_be_disabled()
    widget.input.fill("another question")
    widget.input.press("Enter")
    assert len(widget.requests) == 1
    page.unroute("**/api/chat")
    expect(page.get_by_role("button", name="Retry")).to_be_enabled(timeout=5000)
    expect(page.locator(".iop-send")).to_be_enabled()
    page.get_by_role("button", name="Retry").click()
    expect(widget.replies).to_have_count(1)
    assert [r["message"] for r in widget.requests] == ["hello", "hello"]


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
    expect(announcer).to_contain_text("weeks")
    expect(announcer).not_to_contain_text("how long does IOP last?")
    expect(widget.page.get_by_role("dialog", name="Questions about IOP")).to_be_visible()
    widget.page.get_by_role("button", name="Close chat").click()
    assert "iop-launcher" in widget.focused_class()


def test_focus_stays_in_the_full_screen_panel_on_phones(
    open_page: Callable[..., Page], live_server: str
) -> None:
    page = open_page(PHONE)
    widget = WidgetPage(page)
    page.goto(live_server + "/")
    widget.open()
    expect(widget.panel).to_have_attribute("aria-modal", "true")
    widget.ask("how long does IOP last?")
    seen = set()
    for key in ["Tab"] * 25 + ["Shift+Tab"] * 25:
        page.keyboard.press(key)
        inside = page.evaluate(
            """() => {
                const root = document.querySelector('.iop-faq-widget').shadowRoot;
                const active = root.activeElement;
                return document.activeElement === root.host && !!active
                    && !!active.closest('.iop-panel') ? active.className : null;
            }"""
        )
        assert inside, f"focus left the panel after {key}"
        seen.add(inside)
    assert {"iop-close", "iop-input", "iop-chip"} <= seen


def test_no_cookies_and_no_other_hosts(page: Page, live_server: str) -> None:
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    widget = WidgetPage(page)
    page.goto(live_server + "/")
    widget.open()
    widget.ask("how long does IOP last?")
    assert hosts == {live_server.split("/")[2]}
    assert page.context.cookies() == []


def embed(site: str, server: str, **attributes: str) -> str:
    return f"{site}/?{urlencode({'script': server + '/widget.js', **attributes})}"


def test_embedding_on_another_site_with_theming(
    page: Page, live_server: str, embedding_site: str, console_errors: list[str]
) -> None:
    widget = WidgetPage(page)
    theme = {"title": "Clinic questions", "color": "#2d6a4f", "position": "left"}
    page.goto(embed(embedding_site, live_server, **theme))
    widget.open()
    expect(page.get_by_role("heading", name="Clinic questions")).to_be_visible()
    box = widget.launcher.bounding_box()
    assert box is not None and box["x"] < 100
    color = widget.launcher.evaluate("el => getComputedStyle(el).backgroundColor")
    assert color == "rgb(45, 106, 79)"
    expect(widget.chips).to_have_count(3)
    expect(widget.ask("how long does IOP last?")).to_contain_text("weeks")
    assert console_errors == []


def test_a_site_missing_from_the_cors_list_is_told_how_to_fix_it(
    page: Page, live_server: str, unlisted_site: str, console_errors: list[str]
) -> None:
    widget = WidgetPage(page)
    page.goto(embed(unlisted_site, live_server))
    widget.open()
    expect(page.locator(".iop-error")).to_contain_text("isn\u2019t available on this site")
    expect(page.locator(".iop-crisis-line a[href='tel:988']")).to_be_visible()
    expect(page.locator(".iop-send")).to_be_disabled()
    owner_messages = [m for m in console_errors if "IOP_FAQ_CORS_ORIGINS" in m]
    assert owner_messages and unlisted_site in owner_messages[0]


def test_a_listed_site_with_the_server_down_is_not_told_to_fix_cors(
    page: Page, live_server: str, embedding_site: str, console_errors: list[str]
) -> None:
    widget = WidgetPage(page)
    page.goto(embed(embedding_site, live_server))
    widget.open()
    expect(widget.chips).to_have_count(3)
    page.route("**/api/chat", lambda route: route.abort())
    widget.input.fill("how long does IOP last?")
    widget.input.press("Enter")
    expect(page.locator(".iop-error")).to_contain_text("can\u2019t reach")
    expect(page.get_by_role("button", name="Retry")).to_be_visible()
    assert not [m for m in console_errors if "IOP_FAQ_CORS_ORIGINS" in m]
