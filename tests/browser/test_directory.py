"""Finding a service on a small phone, with and without JavaScript."""

import pytest

from tests.browser.site import url


def by_label(page, field_id):
    """The field a person would find by reading its label, in whatever language the page is in."""
    return page.get_by_label(page.locator(f"label[for={field_id}]").inner_text(), exact=True)


@pytest.mark.parametrize("language", ["en", "es"])
def test_search_by_filters_without_javascript(phone_without_js, portal_server, language):
    page = phone_without_js
    page.goto(url(portal_server, language, "/services/"))
    by_label(page, "id_zip").fill("78501")
    by_label(page, "id_category").select_option("legal")
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "zip=78501" in page.url
    results = page.locator(".result")
    assert results.count() > 0
    assert "tel:" in results.first.locator("a.button").get_attribute("href")
    results.first.locator(".result__name a").click()
    page.wait_for_load_state()
    assert page.locator("main h1").is_visible()


def test_a_bad_zip_is_explained_and_the_query_kept(phone, portal_server):
    phone.goto(url(portal_server, "es", "/services/"))
    by_label(phone, "id_zip").fill("123")
    by_label(phone, "id_q").fill("refugio")
    phone.locator("button[type=submit]").click()
    phone.wait_for_load_state()
    assert phone.locator(".field--error #id_zip").count() == 1
    assert by_label(phone, "id_q").input_value() == "refugio"


def test_a_confidential_shelter_shows_a_phone_and_no_address(phone, portal_server):
    phone.goto(url(portal_server, "en", "/services/07f2fd94-6a9d-5626-abb6-28cac49dd003/"))
    text = phone.locator("main").inner_text()
    assert "Hidden" not in text
    assert phone.locator("main a[href^='tel:']").count() >= 1


@pytest.mark.parametrize("words", ["albergue", "nothing like this at all"])
def test_after_a_search_the_results_are_on_screen_without_javascript(phone_without_js, portal_server, words):
    """On a small phone the form fills the screen: after a search the reader sees the results
    (or the "nothing found" advice), not the top of the form again."""
    page = phone_without_js
    page.goto(url(portal_server, "es", "/services/"))
    by_label(page, "id_q").fill(words)
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("#results")
    heading = page.locator("#results-heading").bounding_box()
    title = page.locator("main h1").bounding_box()
    assert -1 < heading["y"] < 640  # the results are on screen (at the top, give or take a subpixel)
    assert title["y"] < 0  # the page was scrolled to them, past the form
