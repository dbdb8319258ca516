"""The voice playground in a real browser on a 320 px screen: a call to the voice line, key by key."""

from django.conf import settings
from django.utils import translation

from portal.voice import prompts
from portal.voice.menu import spoken_digits
from tests.browser.site import sign_in_to_admin, staff_member_script
from tests.browser.test_accessibility import assert_no_wcag_violations

MAKE_ADVOCATE = staff_member_script("voice-playground-advocate", "Advocates")


def in_spanish(prompt, **context):
    with translation.override("es"):
        text = str(prompt)
    return text % context if context else text


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_call_in_spanish_hears_the_menu_and_the_hotline(phone, portal_server, server_shell):
    code = server_shell(MAKE_ADVOCATE).split("CODE", 1)[1].strip()
    sign_in_to_admin(phone, portal_server, "voice-playground-advocate", code)
    phone.goto(f"{portal_server}/admin/voice-playground/")
    phone.get_by_label("Call from this number").fill("713-555-0189")
    phone.get_by_role("button", name="Start call").click()

    heard = phone.locator("[data-voice-heard]")
    assert "Para Español, oprima 1." in heard.text_content()
    assert_no_wcag_violations(phone)
    assert fits(phone)

    phone.get_by_role("button", name="1", exact=True).click()
    menu = in_spanish(prompts.MAIN_MENU)
    assert menu != str(prompts.MAIN_MENU)
    assert menu in heard.text_content()
    assert heard.locator("[data-voice-say]").first.get_attribute("lang") == "es-US"

    phone.get_by_role("button", name="9", exact=True).click()
    hotline = in_spanish(prompts.HOTLINE, number=spoken_digits(settings.VOICE_HOTLINE_NUMBER))
    assert hotline in heard.text_content()
    assert_no_wcag_violations(phone)
    assert fits(phone)
