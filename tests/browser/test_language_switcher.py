"""The language list on a 320 px phone, without JavaScript: closed it is one line naming the current
language; open, every language of settings is there in its own name, current first, each a full
target inside the screen, and nothing scrolls sideways."""

import pytest
from django.conf import settings

from tests.browser.site import LANGUAGES, url

OPEN_LIST = """() => {
  const links = [...document.querySelectorAll('.language-switcher li a')];
  return {
    names: links.map((link) => link.textContent.trim()),
    codes: links.map((link) => link.getAttribute('hreflang')),
    outside: links.filter((link) => {
      const box = link.getBoundingClientRect();
      return box.left < 0 || box.right > innerWidth || box.height < 44;
    }).map((link) => link.getAttribute('hreflang')),
    scrollsSideways: document.documentElement.scrollWidth > innerWidth,
  };
}"""


@pytest.mark.parametrize("language", [LANGUAGES[0], LANGUAGES[-1]])
def test_the_list_opens_without_javascript_and_fits_a_small_screen(phone_without_js, portal_server, language):
    page = phone_without_js
    page.goto(url(portal_server, language, "/"))
    summary = page.locator(".language-switcher summary")
    assert summary.locator("[lang]").inner_text().strip() == dict(settings.LANGUAGES)[language]
    assert not page.locator(".language-switcher li").first.is_visible()
    summary.click()
    shown = page.evaluate(OPEN_LIST)
    assert shown["codes"][0] == language
    assert sorted(shown["codes"]) == sorted(LANGUAGES)
    assert shown["names"] == [dict(settings.LANGUAGES)[code] for code in shown["codes"]]
    assert shown["outside"] == [] and not shown["scrollsSideways"]
    page.locator(f'.language-switcher a[hreflang="{LANGUAGES[1]}"]').click()
    assert page.url == url(portal_server, LANGUAGES[1], "/")
