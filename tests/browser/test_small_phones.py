"""On a small, shared phone every survivor page is calm, immediate and forgiving: its heading and
first action on the first screen, nothing focused ever under a fixed box, the exit a visible
button in forced colours, nothing typed left behind, and a warning before the idle sign-out."""

import pytest

from tests.browser.site import LANGUAGES, url
from tests.browser.small_phones import (
    FIRST_SCREEN,
    OPEN_SCREEN,
    PUBLIC_PAGES,
    SIGNED_IN_PAGES,
    SIZES,
    signed_in_context,
    tab_through,
)
from tests.browser.test_help_form import fill_in, label


def first_screen_problems(page, base, language, paths):
    problems = []
    for path in paths:
        page.goto(url(base, language, path))
        assert "/sign-in/" not in page.url or path == "/my/sign-in/", f"{path}: signed out"
        seen = page.evaluate(FIRST_SCREEN, page.evaluate(OPEN_SCREEN))
        if not (seen["heading"] and seen["action"]):
            action = f"{seen['actionText']!r} ends at {seen['actionBottom']}"
            problems.append(f"{path}: heading ends at {seen['headingBottom']}, {action}")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def test_heading_and_first_action_are_on_the_first_screen(chromium, portal_server, server_shell, size, language):
    viewport = {"width": size[0], "height": size[1]}
    context = signed_in_context(chromium, portal_server, server_shell, viewport=viewport, has_touch=True)
    try:
        page = context.new_page()
        signed_in = first_screen_problems(page, portal_server, language, SIGNED_IN_PAGES)
        context.clear_cookies()
        signed_out = first_screen_problems(page, portal_server, language, PUBLIC_PAGES)
    finally:
        context.close()
    assert signed_in + signed_out == [], "\n".join(signed_in + signed_out)


# Tabbing through every page is the slow part of this file. Every language is walked on the
# smallest screen, where wrapping text meets the pinned exit bar soonest; the larger one in a
# left-to-right and a right-to-left language.
FOCUS_WALKS = [(SIZES[0], language) for language in LANGUAGES] + [(SIZES[1], "en"), (SIZES[1], "ar")]


@pytest.mark.parametrize(("size", "language"), FOCUS_WALKS, ids=[f"{w}x{h}-{lang}" for (w, h), lang in FOCUS_WALKS])
def test_nothing_focused_is_ever_under_a_fixed_box(chromium, portal_server, server_shell, size, language):
    viewport = {"width": size[0], "height": size[1]}
    context = signed_in_context(chromium, portal_server, server_shell, viewport=viewport)
    covered = {}
    try:
        page = context.new_page()
        for path in SIGNED_IN_PAGES + PUBLIC_PAGES:
            if path == "/my/sign-in/":
                context.clear_cookies()
            page.goto(url(portal_server, language, path))
            found = tab_through(page)
            if found:
                covered[path] = found
    finally:
        context.close()
    assert covered == {}


def test_the_focus_check_does_find_a_covered_control(chromium, portal_server):
    """The check itself can fail: a box pinned over the top half hides what is focused there."""
    context = chromium.new_context(viewport={"width": 320, "height": 568})
    try:
        page = context.new_page()
        page.goto(url(portal_server, "en", "/help/"))
        page.evaluate(
            """() => { const box = document.createElement('div');
            box.style.cssText = 'position:fixed;top:0;left:0;width:100%;height:50vh;pointer-events:none';
            document.body.append(box); }"""
        )
        assert tab_through(page)
    finally:
        context.close()


def test_forced_colours_keep_the_exit_a_visible_button(chromium, portal_server):
    context = chromium.new_context(viewport={"width": 320, "height": 568}, forced_colors="active")
    try:
        page = context.new_page()
        page.goto(url(portal_server, "en", "/get-help/"))
        assert page.evaluate("matchMedia('(forced-colors: active)').matches")
        style = page.evaluate(
            """() => { const s = getComputedStyle(document.querySelector('[data-quick-exit]'));
            return {width: parseFloat(s.borderTopWidth), border: s.borderTopColor, background: s.backgroundColor,
                    color: s.color, decoration: s.textDecorationLine}; }"""
        )
        assert style["width"] >= 2 and style["border"] != style["background"], style
        assert style["color"] != style["background"] and style["decoration"] == "none", style
        assert page.locator("[data-quick-exit]").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_back_after_the_help_form_shows_empty_fields(phone, portal_server, language):
    phone.goto(url(portal_server, language, "/help/"))
    fill_in(phone, language, "(915) 555-0143", "Pecan")
    phone.wait_for_url(url(portal_server, language, "/help/sent/"))
    phone.go_back()
    phone.wait_for_url(url(portal_server, language, "/help/"))
    phone.wait_for_load_state()
    for field in ("Phone number for texts", "Code word (optional)", "Anything else we should know? (optional)"):
        assert phone.get_by_label(label(language, field)).input_value() == "", field


def test_the_time_out_warning_appears_and_staying_keeps_the_typed_text(chromium, portal_server, server_shell):
    context = signed_in_context(chromium, portal_server, server_shell, viewport={"width": 320, "height": 568})
    try:
        page = context.new_page()
        page.clock.install()
        page.goto(url(portal_server, "es", "/my/ask/"))
        field = page.get_by_label(label("es", "Your question or message"))
        field.fill("¿Podemos vernos el martes?")
        dialog = page.locator("[data-timeout-warning]")
        page.clock.fast_forward("12:20")  # the warning comes 2 minutes before the earliest end: 14:30
        assert not dialog.is_visible()
        page.clock.fast_forward("00:20")
        assert dialog.is_visible()
        assert page.get_by_role("heading", name=label("es", "You will be signed out in 2 minutes")).is_visible()
        page.get_by_role("button", name=label("es", "Stay signed in")).click()
        dialog.wait_for(state="hidden")
        assert field.input_value() == "¿Podemos vernos el martes?"
        page.get_by_role("button", name=label("es", "Send"), exact=True).click()
        page.wait_for_url(url(portal_server, "es", "/my/?sent=question"))
    finally:
        context.close()
