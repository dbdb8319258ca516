"""Quick exit as a person in a hurry would use it, in real Chromium."""

import pytest

from tests.browser.site import url

CONTENT = "/get-help/"


def exit_link(page):
    return page.locator("[data-quick-exit]")


def press_shift(page, times):
    for _ in range(times):
        page.keyboard.press("Shift")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_click_lands_on_the_neutral_page(phone, portal_server, neutral_site, language):
    phone.goto(url(portal_server, language, CONTENT))
    exit_link(phone).click()
    phone.wait_for_url(neutral_site.url)
    assert phone.locator("h1").inner_text() == "Weather today"


def test_destination_receives_no_referer(phone, portal_server, neutral_site):
    phone.goto(url(portal_server, "es", CONTENT))
    before = len(neutral_site.requests)
    exit_link(phone).click()
    phone.wait_for_url(neutral_site.url)
    arrivals = neutral_site.requests[before:]
    landing = [request for request in arrivals if request["path"] == "/neutral/"]
    assert landing, "the neutral page was not requested"
    assert all("Referer" not in request["headers"] for request in landing)
    # Anything the neutral page loads itself (a favicon) may name the neutral page, never the portal.
    assert not any(portal_server in request["headers"].get("Referer", "") for request in arrivals)


def test_three_shift_presses_leave(phone, portal_server, neutral_site):
    phone.goto(url(portal_server, "vi", CONTENT))
    press_shift(phone, 3)
    phone.wait_for_url(neutral_site.url)


def test_progress_is_shown_and_announced_in_the_page_language(phone, portal_server):
    phone.goto(url(portal_server, "es", CONTENT))
    press_shift(phone, 1)
    status = phone.locator("[data-quick-exit-status]")
    expected = exit_link(phone).get_attribute("data-text-two-more")
    assert (
        "Shift" in expected
        and "2" in expected
        and expected != ("Shift pressed once. Press it 2 more times to leave this site.")
    )
    assert status.inner_text() == expected
    assert phone.locator("[data-quick-exit-progress] span.is-on").count() == 1
    press_shift(phone, 1)
    assert status.inner_text() == exit_link(phone).get_attribute("data-text-one-more")
    assert phone.locator("[data-quick-exit-progress] span.is-on").count() == 2


def test_typing_capitals_in_a_field_does_not_leave(phone, portal_server):
    page_url = url(portal_server, "en", "/help/")
    phone.goto(page_url)
    field = phone.get_by_label("Code word (optional)")
    field.click()
    for letter in "HELLO":  # each capital typed with Shift held, as on a real keyboard
        phone.keyboard.down("Shift")
        phone.keyboard.press(f"Key{letter}")
        phone.keyboard.up("Shift")
    phone.wait_for_timeout(300)
    assert phone.url == page_url
    assert field.input_value() == "HELLO"
    assert phone.locator("[data-quick-exit-progress] span.is-on").count() == 0


def test_another_key_resets_the_count(phone, portal_server):
    page_url = url(portal_server, "en", CONTENT)
    phone.goto(page_url)
    press_shift(phone, 2)
    phone.keyboard.press("a")
    press_shift(phone, 2)
    phone.wait_for_timeout(300)
    assert phone.url == page_url


def test_presses_spread_over_more_than_five_seconds_do_not_leave(phone, portal_server):
    page_url = url(portal_server, "en", CONTENT)
    phone.clock.install()
    phone.goto(page_url)
    press_shift(phone, 2)
    phone.clock.fast_forward(5100)
    press_shift(phone, 1)
    phone.wait_for_timeout(300)
    assert phone.url == page_url


def test_the_page_is_hidden_and_retitled_before_it_goes(phone, portal_server):
    phone.goto(url(portal_server, "ar", CONTENT))
    # A 204 answer cancels the navigation, so the cloaked page stays to be inspected.
    phone.route("**/exit/", lambda route: route.fulfill(status=204))
    exit_link(phone).click()
    phone.wait_for_function("document.documentElement.classList.contains('is-cloaked')")
    assert not phone.locator("main").is_visible()
    assert phone.title() == exit_link(phone).get_attribute("data-neutral-title")
    assert phone.title() not in ("", "Weather")  # translated for an Arabic page


def test_without_javascript_the_link_still_exits(phone_without_js, portal_server, neutral_site):
    phone_without_js.goto(url(portal_server, "en", CONTENT))
    exit_link(phone_without_js).click()
    phone_without_js.wait_for_url(neutral_site.url)


def test_going_back_after_exit_does_not_show_the_page_again(phone, portal_server, neutral_site):
    phone.goto(url(portal_server, "en", CONTENT))
    heading = phone.locator("h1").inner_text()
    exit_link(phone).click()
    phone.wait_for_url(neutral_site.url)
    phone.go_back()
    phone.wait_for_timeout(500)
    assert portal_server not in phone.url
    assert heading not in phone.content()


def test_exit_is_first_in_the_tab_order(phone, portal_server):
    phone.goto(url(portal_server, "zh-hans", CONTENT))
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.hasAttribute('data-quick-exit')")
