"""The demo survivor signs in on a small phone, sees their plan and marks a step done:
in Spanish and Arabic, with JavaScript on and off. Fields are found by their visible labels.

The server texts the sign-in code through its file SMS backend; the test reads it from there,
as the survivor would read it on their phone.
"""

import re
import time

import pytest

from tests.browser.test_accessibility import assert_no_wcag_violations
from tests.browser.test_help_form import label, texts_to

DEMO_PHONE = "+15125550177"
DEMO_PIN = "2468"
DEMO_GOAL = "Quiero un lugar seguro para vivir con mi hija."


def new_code(sms_folder, seen, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        texts = texts_to(sms_folder, DEMO_PHONE, timeout=0)
        if len(texts) > seen or time.monotonic() > deadline:
            assert len(texts) > seen, "the server sent no code"
            return re.search(r"\b(\d{6})\b", texts[-1]["body"]).group(1)
        time.sleep(0.1)


def sign_in(page, base, sms_folder, language):
    page.goto(f"{base}/{language}/my/")
    page.wait_for_url(f"{base}/{language}/my/sign-in/")
    seen = len(texts_to(sms_folder, DEMO_PHONE, timeout=0))
    page.get_by_label(label(language, "Your phone number")).fill("512-555-0177")
    page.get_by_role("button", name=label(language, "Text me a code")).click()
    page.wait_for_url(f"{base}/{language}/my/sign-in/code/")
    page.get_by_label(label(language, "Code from the text")).fill(new_code(sms_folder, seen))
    page.get_by_role("button", name=label(language, "Next"), exact=True).click()
    page.wait_for_url(f"{base}/{language}/my/sign-in/pin/")
    again = page.get_by_label(label(language, "Type the PIN again"))
    if again.count():  # the first run chooses the PIN, later runs type it
        page.get_by_label(label(language, "Choose a PIN")).fill(DEMO_PIN)
        again.fill(DEMO_PIN)
    else:
        page.get_by_label(label(language, "Your PIN")).fill(DEMO_PIN)
    page.get_by_role("button", name=label(language, "Sign in"), exact=True).click()
    page.wait_for_url(f"{base}/{language}/my/")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", ["es", "ar"])
def test_sign_in_see_the_plan_and_mark_a_step_done(request, portal_server, sms_folder, language, javascript):
    page = request.getfixturevalue("phone" if javascript else "phone_without_js")
    sign_in(page, portal_server, sms_folder, language)
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert page.title() == "Community Resources"

    page.get_by_role("link", name=label(language, "My plan"), exact=True).click()
    page.wait_for_url(f"{portal_server}/{language}/my/plan/")
    assert page.get_by_text(DEMO_GOAL).is_visible()  # the survivor's own words, as written

    done_button = page.get_by_role("button", name=label(language, "Mark as done"))
    open_steps = done_button.count()
    assert open_steps > 0
    step = page.locator("li[data-step]").filter(has=done_button).first
    step_text = step.locator("p").first.inner_text()
    step.get_by_role("button", name=label(language, "Mark as done")).click()
    page.wait_for_url(re.compile(rf"{re.escape(portal_server)}/{language}/my/plan/#done$"))
    assert page.get_by_role("button", name=label(language, "Mark as done")).count() == open_steps - 1
    assert step_text in page.locator("[data-done-steps]").inner_text()
    if javascript:  # axe-core runs as a script in the page
        assert_no_wcag_violations(page)

    pause_and_restart_check_ins(page, portal_server, language, javascript)

    page.get_by_role("button", name=label(language, "Sign out"), exact=True).click()
    page.wait_for_url(f"{portal_server}/{language}/my/sign-in/")
    page.goto(f"{portal_server}/{language}/my/plan/")
    page.wait_for_url(f"{portal_server}/{language}/my/sign-in/")


def pause_and_restart_check_ins(page, base, language, javascript):
    """From "Text settings" the survivor pauses check-in texts, then starts them again."""
    page.get_by_role("link", name=label(language, "Text settings"), exact=True).click()
    page.get_by_role("link", name=label(language, "Pause or start check-in texts")).click()
    page.wait_for_url(f"{base}/{language}/my/check-ins/")
    if javascript:
        assert_no_wcag_violations(page)
    page.get_by_role("button", name=label(language, "Pause check-in texts")).click()
    assert page.get_by_text(label(language, "Saved."), exact=True).is_visible()
    paused = label(language, "Check-in texts are paused. We will not send them until you start them again.")
    assert page.get_by_text(paused).is_visible()
    page.get_by_role("button", name=label(language, "Start check-in texts again")).click()
    assert page.get_by_role("button", name=label(language, "Pause check-in texts")).is_visible()
    assert not page.get_by_text(paused).count()
