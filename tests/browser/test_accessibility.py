"""axe-core finds no WCAG 2.x A or AA violation on any page type, left-to-right or right-to-left."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.site import ONE_PATH_PER_PAGE_TYPE, url

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


def describe(results):
    return "\n".join(
        f"{v['id']}: {v['help']} -> {[node['target'] for node in v['nodes']][:3]}"
        for v in results.response["violations"]
    )


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("path", ONE_PATH_PER_PAGE_TYPE)
def test_no_wcag_violations(phone, portal_server, language, path):
    phone.goto(url(portal_server, language, path))
    assert_no_wcag_violations(phone)


@pytest.mark.parametrize("path", ["/", "/help/", "/services/?category=housing&zip=77002"])
def test_dark_mode_keeps_contrast(chromium, portal_server, path):
    context = chromium.new_context(viewport={"width": 320, "height": 640}, color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(url(portal_server, "en", path))
        assert page.evaluate("getComputedStyle(document.documentElement).backgroundColor") != "rgb(255, 255, 255)"
        assert_no_wcag_violations(page)
    finally:
        context.close()


def assert_no_wcag_violations(page):
    """axe-core on the page as it is now (signed-in flows call this on their own pages)."""
    results = Axe().run(page, options=WCAG_AA)
    assert results.violations_count == 0, describe(results)


def test_axe_does_find_a_violation_when_there_is_one(phone, portal_server):
    """The check itself can fail: an unlabeled field is reported."""
    phone.goto(url(portal_server, "en", "/"))
    phone.evaluate("document.querySelector('main').append(document.createElement('input'))")
    assert Axe().run(phone, options=WCAG_AA).violations_count > 0
