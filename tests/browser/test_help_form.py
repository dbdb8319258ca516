"""A person asks for help on a small phone, in English and Arabic, and with JavaScript off.

Fields are found by their visible labels, in the page's language, as a person would find them.
"""

import json
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from django.utils.translation import gettext

from tests.browser.test_accessibility import WCAG_AA, describe


def label(language, text):
    with translation.override(language):
        return gettext(text)


def texts_to(sms_folder, number, timeout=10):
    """The texts the server wrote for `number` (it sends them in its own process)."""
    deadline = time.monotonic() + timeout
    while True:
        found = [json.loads(path.read_text()) for path in sorted(sms_folder.glob("sms-*.json"))]
        found = [sms for sms in found if sms["to"] == number]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def fill_in(page, language, number, code_word):
    page.get_by_label(label(language, "Phone number for texts")).fill(number)
    page.get_by_label(label(language, "What kind of help do you need?")).select_option(
        label=label(language, "Someone to talk to")
    )
    page.get_by_label(label(language, "Language for texts")).select_option(value=language)
    page.get_by_label(label(language, "Your time zone")).select_option(
        label=label(language, "Mountain time (El Paso area)")
    )
    page.get_by_label(label(language, "When is it safe to text you?")).select_option(label=label(language, "Any time"))
    page.get_by_label(label(language, "Code word (optional)")).fill(code_word)
    page.get_by_label(label(language, "Anything else we should know? (optional)")).fill("Please text first.")
    page.get_by_role("button", name=label(language, "Send my request")).click()


@pytest.mark.parametrize(
    ("language", "number", "expected_to"),
    [("en", "(915) 555-0141", "+19155550141"), ("ar", "915-555-0142", "+19155550142")],
)
def test_asking_for_help_by_the_form(phone, portal_server, sms_folder, language, number, expected_to):
    phone.goto(f"{portal_server}/{language}/help/")
    assert phone.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert phone.locator("[data-quick-exit]").is_visible()
    fill_in(phone, language, number, "Mesquite")
    phone.wait_for_url(f"{portal_server}/{language}/help/sent/")
    assert phone.get_by_role("heading", name=label(language, "Thank you")).is_visible()
    [sms] = texts_to(sms_folder, expected_to)
    assert sms["body"].startswith("Mesquite: ")
    assert "talk" not in sms["body"].lower()


def test_asking_for_help_without_javascript(phone_without_js, portal_server, sms_folder):
    phone_without_js.goto(f"{portal_server}/en/help/")
    fill_in(phone_without_js, "en", "915-555-0143", "Yucca")
    phone_without_js.wait_for_url(f"{portal_server}/en/help/sent/")
    assert texts_to(sms_folder, "+19155550143")


def test_mistakes_are_announced_next_to_the_field(phone, portal_server):
    phone.goto(f"{portal_server}/en/help/")
    phone.get_by_label("Phone number for texts").fill("12")
    phone.get_by_role("button", name="Send my request").click()
    assert phone.get_by_role("alert").is_visible()
    field = phone.get_by_label("Phone number for texts")
    assert field.get_attribute("aria-invalid") == "true"
    assert "713-555-0100" in phone.locator("#id_phone_error").inner_text()
    results = Axe().run(phone, options=WCAG_AA)
    assert results.violations_count == 0, describe(results)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_help_page_passes_axe(phone, portal_server, language):
    phone.goto(f"{portal_server}/{language}/help/")
    results = Axe().run(phone, options=WCAG_AA)
    assert results.violations_count == 0, describe(results)
