"""The voice playground in a real browser on a 320 px screen: a call to the voice line, key by key.

One call per language, each walking several of the menu's paths, so that English, Spanish and Vietnamese
each hear at least one and every path is heard in a real browser: places near a ZIP code (English,
Vietnamese), a call back (Spanish, Vietnamese) and the help line numbers (English, Spanish). The webhook
tests in tests/voice walk every path in each language; these check the page a person uses to try them.
"""

from django.conf import settings
from django.utils import translation

from portal.voice import prompts
from portal.voice.languages import menu_languages
from portal.voice.menu import spoken_digits
from tests.browser.site import sign_in_to_admin, staff_member_script
from tests.browser.test_accessibility import assert_no_wcag_violations

MAKE_ADVOCATE = staff_member_script("voice-playground-advocate", "Advocates")
HOUSTON_ZIP = "77002"


def said(language, prompt, **context):
    """The words of `prompt` in `language`, as the line says them."""
    with translation.override(language):
        text = str(prompt)
    return text % context if context else text


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def key_for(language):
    """The key that chooses `language` on the first menu; English needs none (* keeps it)."""
    return "*" if language == "en" else next(digit for digit, code, _name in menu_languages() if code == language)


def start_call(phone, portal_server, server_shell, number, language):
    """Sign in, call from `number` and choose `language`; returns what the line says."""
    code = server_shell(MAKE_ADVOCATE).split("CODE", 1)[1].strip()
    sign_in_to_admin(phone, portal_server, "voice-playground-advocate", code)
    phone.goto(f"{portal_server}/admin/voice-playground/")
    phone.get_by_label("Call from this number").fill(number)
    phone.get_by_role("button", name="Start call").click()
    heard = phone.locator("[data-voice-heard]")
    assert "For English, stay on the line." in heard.text_content()
    press(phone, key_for(language))
    assert said(language, prompts.MAIN_MENU) in heard.text_content()
    return heard


def press(phone, key):
    phone.get_by_role("button", name=key, exact=True).click()


def find_places(phone, heard, language):
    press(phone, "1")
    assert said(language, prompts.ASK_ZIP) in heard.text_content()
    phone.get_by_label("ZIP code").fill(HOUSTON_ZIP)
    phone.get_by_role("button", name="Send ZIP code").click()
    text = heard.text_content()
    assert said(language, prompts.PLACES_INTRO) in text
    assert "7 1 3, 5 5 5, 0 1" in text  # a Houston number from the demo directory, digit by digit
    assert said(language, prompts.HEAR_AGAIN) in text
    press(phone, "3")  # anything but 1: back to the main menu
    assert said(language, prompts.MAIN_MENU) in heard.text_content()


def hear_the_hotline(phone, heard, language):
    press(phone, "9")
    hotline = said(language, prompts.HOTLINE, number=spoken_digits(settings.VOICE_HOTLINE_NUMBER))
    assert hotline in heard.text_content()


def ask_for_a_call_back(phone, heard, language):
    """2 asks for a call back; # (not "I am not safe") ends the call politely."""
    press(phone, "2")
    text = heard.text_content()
    assert said(language, prompts.CALLBACK_ASKED) in text and said(language, prompts.ASK_UNSAFE) in text
    press(phone, "#")
    assert said(language, prompts.GOODBYE) in heard.text_content()
    assert phone.locator("[data-voice-ended]").is_visible()


def test_a_call_in_english_finds_places_by_zip_and_hears_the_hotline(phone, portal_server, server_shell):
    heard = start_call(phone, portal_server, server_shell, "713-555-0183", "en")
    assert heard.locator("[data-voice-say]").first.get_attribute("lang") == "en-US"
    find_places(phone, heard, "en")
    hear_the_hotline(phone, heard, "en")
    assert_no_wcag_violations(phone)
    assert fits(phone)


def test_a_call_in_spanish_hears_the_menu_and_the_hotline_and_asks_for_a_call_back(phone, portal_server, server_shell):
    heard = start_call(phone, portal_server, server_shell, "713-555-0189", "es")
    assert said("es", prompts.MAIN_MENU) != str(prompts.MAIN_MENU)
    assert heard.locator("[data-voice-say]").first.get_attribute("lang") == "es-US"
    assert_no_wcag_violations(phone)
    assert fits(phone)
    hear_the_hotline(phone, heard, "es")
    ask_for_a_call_back(phone, heard, "es")
    assert_no_wcag_violations(phone)
    assert fits(phone)


def test_a_call_in_vietnamese_finds_places_by_zip_and_asks_for_a_call_back(phone, portal_server, server_shell):
    heard = start_call(phone, portal_server, server_shell, "713-555-0184", "vi")
    assert heard.locator("[data-voice-say]").first.get_attribute("lang") == "vi-VN"
    find_places(phone, heard, "vi")
    assert_no_wcag_violations(phone)
    assert fits(phone)
    ask_for_a_call_back(phone, heard, "vi")
