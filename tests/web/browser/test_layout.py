"""What fits where: a typical answer at desktop size, the conversation area on short screens,
crisis actions first and in view, sources on one line."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.web.browser.conftest import SCREENS, Screen
from tests.web.browser.figures import Figures
from tests.web.browser.widget_page import WidgetPage

pytestmark = pytest.mark.browser

BY_NAME = {s.name: s for s in SCREENS}
MIN_CONVERSATION = 150  # px of conversation area on short screens
MIN_TAP = 44  # px, for crisis actions
TYPICAL = "how long does IOP last?"  # three sentences, a source, three suggestions


def opened(open_page: Callable[..., Page], screen: Screen, server: str) -> WidgetPage:
    widget = WidgetPage(open_page(screen))
    widget.page.goto(server + "/")
    widget.open()
    return widget


def test_a_typical_answer_fits_without_scrolling(
    open_page: Callable[..., Page], live_server: str, figures: Figures
) -> None:
    widget = opened(open_page, BY_NAME["desktop"], live_server)
    widget.ask("what is IOP?")
    reply = widget.ask(TYPICAL)
    expect(widget.chips).to_have_count(3)
    source = reply.locator(".iop-source")
    parts = [widget.user_messages.last, reply, source, widget.chips.last]
    assert [widget.shown_in_log(part) for part in parts] == [True] * 4
    top = widget.box(widget.user_messages.last)["y"]
    bottom = widget.box(widget.chips.last)
    figures.record("desktop: conversation area height (px)", widget.log_height())
    figures.record("desktop: typical exchange height (px)", bottom["y"] + bottom["height"] - top)
    figures.record("desktop: source line height (px)", widget.box(source)["height"])


@pytest.mark.parametrize("name", ["landscape", "zoom200", "phone", "desktop"])
def test_the_conversation_area_stays_usable(
    open_page: Callable[..., Page], live_server: str, figures: Figures, name: str
) -> None:
    widget = opened(open_page, BY_NAME[name], live_server)
    before = widget.box(widget.page.locator(".iop-notice"))["height"]
    widget.ask(TYPICAL)
    notice = widget.page.locator(".iop-notice")
    figures.record(
        f"{name}: notice height before / after the chat starts (px)",
        f"{before:.0f} / {widget.box(notice)['height']:.0f}",
    )
    figures.record(f"{name}: conversation area height (px)", widget.log_height())
    assert widget.log_height() >= MIN_CONVERSATION
    if name != "phone":  # the phone's narrow notice may wrap; it has room to spare
        links = widget.page.locator(".iop-crisis-link")
        boxes = [widget.box(links.nth(i)) for i in range(links.count())]
        # On one line, the links' tops differ by a pixel or two at most (rounding, the notice
        # still settling); a wrapped link sits a whole line lower.
        tops = [box["y"] for box in boxes]
        line = min(box["height"] for box in boxes)
        assert max(tops) - min(tops) < line / 2, "the notice takes more than one line"
    expect(widget.page.locator(".iop-disclaimer")).to_be_hidden()
    assert widget.box(widget.panel)["y"] >= 0


@pytest.mark.parametrize("name", ["desktop", "phone", "landscape", "zoom200"])
def test_crisis_actions_come_first_full_width_and_in_view(
    open_page: Callable[..., Page], live_server: str, figures: Figures, name: str
) -> None:
    widget = opened(open_page, BY_NAME[name], live_server)
    widget.ask(TYPICAL)
    reply = widget.ask("i want to kill myself")
    actions = reply.locator(".iop-action")
    group = widget.box(reply.locator(".iop-actions"))
    for i in range(4):
        action = actions.nth(i)
        assert widget.shown_in_log(action), f"action {i} is not in view"
        box = widget.box(action)
        assert box["height"] >= MIN_TAP
        row = widget.box(action.locator(".."))
        assert row["width"] == pytest.approx(group["width"], abs=1)
    single = widget.box(reply.locator("a[href='tel:911']"))
    assert single["width"] == pytest.approx(group["width"], abs=1)
    figures.record(f"{name}: crisis action height (px)", widget.box(actions.first)["height"])
    links = widget.page.locator(".iop-crisis-link")
    heights = [widget.box(links.nth(i))["height"] for i in range(links.count())]
    figures.record(f"{name}: notice crisis link height (px)", min(heights))
    assert min(heights) >= 24
