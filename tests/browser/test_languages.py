"""Every language of settings on a 360 px phone: the home page, a directory search, the help form and
the signed-in plan are in that language, pass axe-core, and never scroll sideways; and in a
right-to-left language every phone number still reads left to right."""

import pytest

from tests.browser.site import LANGUAGES, url
from tests.browser.small_phones import signed_in_context
from tests.browser.test_accessibility import assert_no_wcag_violations
from tests.conftest import RTL_LANGUAGES

PAGES = ["/", "/services/?category=housing&zip=77002", "/help/", "/my/plan/"]
SCROLLS_SIDEWAYS = "() => document.documentElement.scrollWidth > innerWidth"
# Every run of digits in a call or text link, with the direction it is laid out in.
NUMBER_DIRECTIONS = """() => {
  const found = [];
  for (const link of document.querySelectorAll('a[href^="tel:"], a[href^="sms:"]')) {
    const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const text = walker.currentNode;
      if (/\\d{3}/.test(text.textContent)) {
        found.push([text.textContent.trim(), getComputedStyle(text.parentElement).direction]);
      }
    }
  }
  return found;
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_reads_whole_on_a_small_phone(chromium, portal_server, server_shell, language):
    context = signed_in_context(chromium, portal_server, server_shell, viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        for path in PAGES:
            page.goto(url(portal_server, language, path))
            assert "/sign-in/" not in page.url, path
            assert page.locator("html").get_attribute("lang") == language, path
            assert not page.evaluate(SCROLLS_SIDEWAYS), path
            assert_no_wcag_violations(page)
            numbers = page.evaluate(NUMBER_DIRECTIONS)
            assert numbers, f"{path}: no phone number to check"
            if language in RTL_LANGUAGES:
                assert {direction for _number, direction in numbers} == {"ltr"}, (path, numbers)
    finally:
        context.close()
