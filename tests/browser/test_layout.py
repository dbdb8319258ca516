"""The quick exit control is in view and uncovered on small screens, top and bottom."""

import pytest

from tests.browser.site import LANGUAGES, SEEDED_PATHS, url

HITS_EXIT_AT_CENTRE = """() => {
  const link = document.querySelector('[data-quick-exit]');
  const box = link.getBoundingClientRect();
  const inside = box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth;
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return {inside, hits: !!hit && (hit === link || link.contains(hit))};
}"""


@pytest.mark.parametrize("width", [320, 414])
@pytest.mark.parametrize("language", ["en", "ar"])
def test_exit_is_visible_and_uncovered_on_every_page(chromium, portal_server, width, language):
    context = chromium.new_context(viewport={"width": width, "height": 640})
    page = context.new_page()
    try:
        for path in SEEDED_PATHS:
            page.goto(url(portal_server, language, path))
            assert page.evaluate(HITS_EXIT_AT_CENTRE) == {"inside": True, "hits": True}, path
            page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
            page.wait_for_timeout(50)
            assert page.evaluate("scrollY") > 0, f"{path} is too short to test scrolling"
            assert page.evaluate(HITS_EXIT_AT_CENTRE) == {"inside": True, "hits": True}, path
    finally:
        context.close()


def test_every_language_has_a_labelled_exit(phone, portal_server):
    labels = set()
    for language in LANGUAGES:
        phone.goto(url(portal_server, language, "/"))
        label = phone.locator("[data-quick-exit] .quick-exit__label").inner_text()
        assert label.strip()
        labels.add(label)
    assert len(labels) == len(LANGUAGES)


def test_arabic_pages_mirror(phone, portal_server):
    phone.goto(url(portal_server, "ar", "/get-help/"))
    assert phone.evaluate("getComputedStyle(document.body).direction") == "rtl"
    exit_box = phone.locator("[data-quick-exit]").bounding_box()
    # The bar puts the control at the inline end: the left edge in Arabic.
    assert exit_box["x"] < 320 / 2
    phone.goto(url(portal_server, "en", "/get-help/"))
    assert phone.locator("[data-quick-exit]").bounding_box()["x"] > 320 / 2 - exit_box["width"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_button_peeking_out_above_the_exit_bar_works_when_tapped(phone, portal_server, language):
    """The bar brings a control focused behind it into view; a tap on the part of a button still showing
    must not move the button between press and release, or the tap would do nothing."""
    phone.goto(url(portal_server, language, "/services/"))
    button = phone.locator("form[role=search] button[type=submit]")
    bar_height = phone.evaluate("document.querySelector('[data-quick-exit]').parentElement.offsetHeight")
    button_top = button.evaluate("element => element.getBoundingClientRect().top + scrollY")
    # A screen just tall enough that the top 16 px of the button show above the bar.
    phone.set_viewport_size({"width": 320, "height": int(button_top + 16 + bar_height)})
    phone.evaluate("window.scrollTo(0, 0)")
    bar_top = phone.evaluate("document.querySelector('[data-quick-exit]').parentElement.getBoundingClientRect().top")
    box = button.bounding_box()
    assert box["y"] < bar_top < box["y"] + box["height"], "the button is not half behind the bar"
    phone.mouse.click(box["x"] + box["width"] / 2, (box["y"] + bar_top) / 2)
    phone.wait_for_url("**/services/?*")
    assert "q=" in phone.url
