"""A stakeholder takes the demo course on a phone, in English and in Spanish: signs in by the link in the
email, gives the name for the certificate, passes each lesson's check, gets the certificate, and anyone
can verify its code. With JavaScript off too, as the whole flow needs none."""

import re
import time

import pytest

from tests.browser.test_accessibility import assert_no_wcag_violations
from tests.browser.test_help_form import label

LINK = re.compile(r"https?://[^/\s]+(/[\w-]+/learn/sign-in/link/\?token=\S+)")


def link_in_email(email_folder, address, timeout=10):
    """The newest sign-in link emailed to `address` (the server sends it in its own process)."""
    deadline = time.monotonic() + timeout
    while True:
        for message in sorted(email_folder.iterdir(), key=lambda path: path.stat().st_mtime, reverse=True):
            text = message.read_text(encoding="utf-8", errors="replace")
            if f"To: {address}" in text and LINK.search(text):
                return LINK.findall(text)[-1]
        assert time.monotonic() < deadline, f"no sign-in email for {address}"
        time.sleep(0.2)


def answer_the_check(page, language):
    """The demo's right answers, by their words in the page's language."""
    page.locator("[data-knowledge-check] button[type=submit]").wait_for()
    for choice in page.locator("[data-knowledge-check] fieldset label").all():
        if choice.inner_text().strip() in RIGHT_ANSWERS[language]:
            page.locator(f"#{choice.get_attribute('for')}").check()
    with page.expect_navigation():
        page.get_by_role("button", name=label(language, "Check my answers")).click()


RIGHT_ANSWERS = {
    "en": {
        "No. Look for a pattern of signs.",
        "Yes, always.",
        "Use a professional interpreter.",
        "No. Get help from your supervisor, the hotline or the police.",
    },
    "es": {
        "No. Busque un patrón de señales.",
        "Sí, siempre.",
        "Uso un intérprete profesional.",
        "No. Pido ayuda a mi supervisor, a la línea de ayuda o a la policía.",
    },
}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_course_end_to_end(request, portal_server, email_folder, language, javascript):
    page = request.getfixturevalue("phone" if javascript else "phone_without_js")
    base = portal_server
    address = f"browser-{language}-{'js' if javascript else 'nojs'}@example.org"

    page.goto(f"{base}/{language}/learn/sign-in/")
    page.get_by_label(label(language, "Your work email")).fill(address)
    page.get_by_role("button", name=label(language, "Email me a link")).click()
    assert page.get_by_role("heading", name=label(language, "Check your email")).is_visible()

    page.goto(base + link_in_email(email_folder, address))
    page.get_by_role("button", name=label(language, "Sign in"), exact=True).click()
    page.wait_for_url(f"{base}/{language}/learn/me/details/")
    if javascript:  # axe runs as a script
        assert_no_wcag_violations(page)
    page.get_by_label(label(language, "Your name, as it should be on your certificate")).fill("Rosa Test")
    page.get_by_label(label(language, "Health care")).check()
    page.get_by_label(label(language, "The Texas county where you work")).fill("Bexar")
    page.get_by_role("button", name=label(language, "Save")).click()
    page.wait_for_url(f"{base}/{language}/learn/me/")

    page.goto(f"{base}/{language}/training/recognize-signs/")
    assert page.locator("[data-quick-exit]").first.is_visible()
    page.get_by_role("link", name=label(language, "Continue")).click()
    page.wait_for_url(f"{base}/{language}/training/recognize-signs/common-signs/")
    if javascript:
        assert_no_wcag_violations(page)
    answer_the_check(page, language)
    assert page.url.endswith("/training/recognize-signs/what-to-do/"), page.locator("main").inner_text()
    answer_the_check(page, language)
    page.wait_for_url(re.compile(rf"{base}/{language}/learn/me/certificates/\w+/"))
    certificate = page.locator("[data-certificate]")
    assert "Rosa Test" in certificate.inner_text()
    code = page.locator("[data-code]").inner_text()
    if javascript:
        assert_no_wcag_violations(page)

    page.context.clear_cookies()
    page.goto(f"{base}/{language}/learn/verify/")
    page.get_by_label(label(language, "Verification code")).fill(code)
    page.get_by_role("button", name=label(language, "Check"), exact=True).click()
    verified = page.locator("[data-verified]")
    assert label(language, "This certificate is real.") in verified.inner_text()
    assert "Rosa Test" in verified.inner_text()
    if javascript:
        assert_no_wcag_violations(page)
