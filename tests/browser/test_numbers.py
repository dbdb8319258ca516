"""Phone numbers read in the right order on a right-to-left page, as a person sees them."""

import pytest

from tests.browser.site import url

# Each character of the number, in the order it is drawn from left to right on the screen.
DRAWN_LEFT_TO_RIGHT = """(element) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const drawn = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const box = range.getBoundingClientRect();
            if (box.width > 0 && /[0-9-]/.test(node.data[i])) drawn.push([box.left, node.data[i]]);
        }
    }
    return drawn.sort((a, b) => a[0] - b[0]).map((pair) => pair[1]).join("");
}"""


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_hotline_number_reads_in_order_on_the_home_page(phone, portal_server, language):
    phone.goto(url(portal_server, language, "/"))
    phone.locator(".safety-alert__more summary").click()  # the hotlines wait behind "More help"
    link = phone.locator('a[href^="tel:1888"], a[href^="tel:+1888"]').first
    assert "1-888-373-7888" in link.inner_text()
    assert link.evaluate(DRAWN_LEFT_TO_RIGHT) == "1-888-373-7888"
