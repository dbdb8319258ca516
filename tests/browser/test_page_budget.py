"""Small pages for cheap phones: measured in the browser, as served."""

import pytest

from tests.browser.site import url

BUDGET_BYTES = 30 * 1024
BUDGET_REQUESTS = 6
TRANSFERRED = """() => {
  const entries = [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')];
  return entries.map(e => ({
    name: e.name, bytes: e.transferSize, encoding: e.encodedBodySize, body: e.decodedBodySize,
  }));
}"""


@pytest.mark.parametrize("path", ["/", "/get-help/", "/rights/"])
# English, and the scripts that take the most bytes: Arabic, and Devanagari (three bytes a letter).
@pytest.mark.parametrize("language", ["en", "ar", "hi", "ur"])
def test_page_weight_and_requests_within_budget(chromium, portal_server, path, language):
    context = chromium.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(url(portal_server, language, path))
        page.wait_for_load_state("networkidle")
        entries = page.evaluate(TRANSFERRED)
    finally:
        context.close()
    total = sum(entry["bytes"] for entry in entries)
    print(f"{language}{path}: {total} bytes in {len(requests)} requests")
    assert len(requests) <= BUDGET_REQUESTS, requests
    assert 0 < total <= BUDGET_BYTES, entries
    css = [entry for entry in entries if entry["name"].endswith(".css")]
    assert css and css[0]["encoding"] < css[0]["body"], "static files must be served compressed"


def test_reading_and_navigating_need_no_javascript(phone_without_js, portal_server):
    page = phone_without_js
    page.goto(url(portal_server, "es", "/"))
    assert page.locator("main h1").is_visible()
    page.locator(".main-menu a").nth(1).click()
    page.wait_for_load_state()
    assert "/es/" in page.url and page.locator("main h1").is_visible()
    page.locator(".faq summary").first.click()
    assert page.locator(".faq details").first.get_attribute("open") is not None
    page.locator(".language-switcher summary").click()  # the list opens without JavaScript
    page.locator('.language-switcher a[hreflang="ar"]').click()
    assert page.locator("html").get_attribute("dir") == "rtl"
