"""Her settings page on a 320 px phone: she chooses how check-ins and her advocate's messages reach her,
without JavaScript (sign-in codes only where WhatsApp has a template for them: none here, so the page says
they come by SMS), and the page passes axe left-to-right and right-to-left."""

import pytest

from tests.browser.site import url
from tests.browser.small_phones import DEMO_PHONE, signed_in_context
from tests.browser.test_accessibility import assert_no_wcag_violations

SMALL = {"width": 320, "height": 640}
HER_CHANNELS = f"""
from portal.messaging.models import Contact
contact = Contact.objects.for_phone("{DEMO_PHONE}")
print(contact.check_in_channel, contact.channel)
"""
BACK_TO_SMS = f"""
from portal.messaging.models import Contact
Contact.objects.filter(pk=Contact.objects.for_phone("{DEMO_PHONE}").pk).update(check_in_channel="sms", channel="sms")
"""


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_she_chooses_a_call_for_check_ins_without_javascript(chromium, portal_server, server_shell):
    context = signed_in_context(chromium, portal_server, server_shell, viewport=SMALL, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(url(portal_server, "en", "/my/settings/"))
        page.get_by_label("How should check-ins reach you?").select_option("call")
        page.get_by_label("How should messages from your advocate reach you?").select_option("whatsapp")
        assert page.get_by_text("Sign-in codes come by text message (SMS). WhatsApp cannot send them").is_visible()
        page.get_by_role("button", name="Save", exact=True).click()
        assert page.get_by_text("Saved. We will use these settings from now on.").is_visible()
        assert page.get_by_label("How should check-ins reach you?").input_value() == "call"
        assert server_shell(HER_CHANNELS).split()[-2:] == ["call", "whatsapp"]
    finally:
        context.close()
        server_shell(BACK_TO_SMS)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_settings_page_fits_320_px_and_passes_axe(chromium, portal_server, server_shell, language):
    context = signed_in_context(chromium, portal_server, server_shell, viewport=SMALL)
    try:
        page = context.new_page()
        page.goto(url(portal_server, language, "/my/settings/"))
        assert page.locator('select[name="check_in_channel"]').is_visible()
        assert fits(page)
        assert_no_wcag_violations(page)
    finally:
        context.close()
