"""How the portal reaches her, by purpose: check-ins by text, WhatsApp or a call; an advocate's messages by
SMS or WhatsApp; sign-in codes by SMS, or by WhatsApp where an approved template serves her language. She
chooses on her own settings page; an advocate sets them on the intake form only with her consent ticked."""

import re

import pytest
from django.test import Client
from django.utils import translation

from portal.accounts.admin_forms import CHANNELS_NEED_CONSENT
from portal.accounts.survivor_forms import SafeContactForm
from portal.messaging.api import channel_for
from portal.messaging.channels import Channel
from portal.messaging.models import OutboundMessage
from tests.accounts.builders import (
    make_organization,
    make_staff,
    make_survivor,
    sign_in_directly,
    verified_admin_client,
)
from tests.accounts.test_number_change import intake_data

pytestmark = pytest.mark.django_db
PHONE = "+17135550744"
SIGN_IN_LINE = "Sign-in codes come by text message (SMS). WhatsApp cannot send them in your language yet."
WHATSAPP_FROM = "whatsapp:+14155238886"
AUTH_TEMPLATE = "HX" + "c" * 32
SIGN_IN_CODE = OutboundMessage.Purpose.SIGN_IN_CODE


@pytest.fixture
def codes_on_whatsapp(settings):
    """WhatsApp on, with an approved authentication template for sign-in codes in English only."""
    settings.TWILIO_WHATSAPP_FROM = WHATSAPP_FROM
    settings.TWILIO_WHATSAPP_TEMPLATES = {("en", SIGN_IN_CODE): AUTH_TEMPLATE}


def her_settings(**choices):
    return {
        "language": "en",
        "time_zone": "America/Chicago",
        "safe_time": "",
        "may_identify": "no",
        "voicemail_ok": "no",
        "code_word": "",
        **choices,
    }


@pytest.fixture
def her(client):
    profile = make_survivor(make_organization("Channel Choice Org"), phone=PHONE)
    sign_in_directly(client, profile)
    return profile


def test_she_chooses_each_way_on_her_settings_page(client, her):
    page = client.get("/en/my/settings/").content.decode()
    assert 'name="check_in_channel"' in page and 'name="channel"' in page
    assert SIGN_IN_LINE in page  # no template for codes here: SMS only, and the page says why
    # Advocate messages are texts: a call is not offered for them.
    assert page.count('value="call"') == 1
    response = client.post("/en/my/settings/", her_settings(check_in_channel="call", channel="whatsapp"))
    assert response.status_code == 303
    contact = her.contact
    contact.refresh_from_db()
    assert (contact.check_in_channel, contact.channel) == (Channel.CALL, Channel.WHATSAPP)
    assert channel_for(contact, OutboundMessage.Purpose.CHECK_IN) == Channel.CALL
    assert channel_for(contact, OutboundMessage.Purpose.ADVOCATE) == Channel.WHATSAPP
    assert channel_for(contact, OutboundMessage.Purpose.SIGN_IN_CODE) == Channel.SMS
    again = client.get("/en/my/settings/").content.decode()
    assert '<option value="call" selected>' in again


def test_a_call_for_advocate_messages_is_refused_with_a_clear_error(client, her):
    response = client.post("/en/my/settings/", her_settings(check_in_channel="sms", channel="call"))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    her.contact.refresh_from_db()
    assert her.contact.channel == Channel.SMS


def test_a_form_without_the_choices_keeps_hers(client, her):
    her.contact.check_in_channel = Channel.CALL
    her.contact.save()
    assert client.post("/en/my/settings/", her_settings()).status_code == 303
    her.contact.refresh_from_db()
    assert (her.contact.check_in_channel, her.contact.channel) == (Channel.CALL, Channel.SMS)


@pytest.mark.parametrize("language", ["es", "vi", "ar"])
def test_the_choices_are_in_her_language(client, her, language):
    page = client.get(f"/{language}/my/settings/").content.decode()
    form = SafeContactForm.for_profile(her)
    with translation.override(language):
        labels = [str(form.fields[name].label) for name in ("check_in_channel", "channel", "sign_in_channel")]
        line = translation.gettext(
            "Sign-in codes come by text message (SMS). WhatsApp cannot send them in your language yet."
        )
        call = str(Channel.CALL.label)
    assert SIGN_IN_LINE not in page
    for words in [*labels, line, call]:
        assert words in page.replace("&#x27;", "'")


@pytest.fixture
def advocate():
    organization = make_organization("Intake Channel Org")
    return organization, verified_admin_client(Client(), make_staff(organization, "intake-channel-advocate"))


def test_the_advocate_changes_them_only_with_her_consent(advocate):
    organization, staff = advocate
    profile = make_survivor(organization, phone=PHONE, name="Test Survivor")
    url = f"/admin/survivors/edit/{profile.pk}/"
    page = staff.get(url).content.decode()
    assert 'name="check_in_channel"' in page and 'name="channel_consent"' in page

    refused = staff.post(url, {**intake_data(profile, PHONE), "check_in_channel": "call", "channel": "sms"})
    assert refused.status_code == 200
    assert str(CHANNELS_NEED_CONSENT) in refused.content.decode()
    profile.contact.refresh_from_db()
    assert profile.contact.check_in_channel == Channel.SMS

    agreed = {**intake_data(profile, PHONE), "check_in_channel": "call", "channel": "whatsapp", "channel_consent": "on"}
    assert staff.post(url, agreed).status_code == 302
    profile.contact.refresh_from_db()
    assert (profile.contact.check_in_channel, profile.contact.channel) == (Channel.CALL, Channel.WHATSAPP)

    # Saving the form again without changing them needs no new consent.
    unchanged = {**intake_data(profile, PHONE), "check_in_channel": "call", "channel": "whatsapp"}
    assert staff.post(url, unchanged).status_code == 302


def test_a_new_survivor_gets_a_call_or_whatsapp_only_with_consent(advocate):
    organization, staff = advocate
    data = {
        "organization": organization.pk,
        "name": "New Survivor",
        "preferred_language": "es",
        "phone": "+17135550745",
        "time_zone": "America/Chicago",
        "safe_time": "daytime",
        "may_identify": "",
        "code_word": "",
        "voicemail_ok": "",
        "check_in_channel": "whatsapp",
        "channel": "sms",
    }
    refused = staff.post("/admin/survivors/new/", data)
    assert refused.status_code == 200 and str(CHANNELS_NEED_CONSENT) in refused.content.decode()
    assert staff.post("/admin/survivors/new/", {**data, "channel_consent": "on"}).status_code == 302


def sign_in_select(page):
    """The sign-in codes field as the page shows it: its <select> tag and its options."""
    return re.search(r'<select name="sign_in_channel"[^>]*>.*?</select>', page, re.DOTALL).group(0)


def test_sign_in_codes_by_whatsapp_are_offered_where_a_template_is_ready(client, her, codes_on_whatsapp):
    page = client.get("/en/my/settings/").content.decode()
    select = sign_in_select(page)
    assert 'value="whatsapp"' in select and "disabled" not in select
    assert "If WhatsApp does not work, we send the code again by text message (SMS)." in page
    assert SIGN_IN_LINE not in page

    assert client.post("/en/my/settings/", her_settings(sign_in_channel="whatsapp")).status_code == 303
    her.contact.refresh_from_db()
    assert her.contact.sign_in_channel == Channel.WHATSAPP
    assert channel_for(her.contact, OutboundMessage.Purpose.SIGN_IN_CODE) == Channel.WHATSAPP
    # Her other ways are their own choices.
    assert channel_for(her.contact, OutboundMessage.Purpose.ADVOCATE) == Channel.SMS


@pytest.mark.parametrize("why", ["no template", "not in her language", "whatsapp off"])
def test_without_a_template_for_her_language_codes_are_not_a_choice(client, her, settings, why):
    if why != "no template":
        settings.TWILIO_WHATSAPP_FROM = "" if why == "whatsapp off" else WHATSAPP_FROM
        settings.TWILIO_WHATSAPP_TEMPLATES = {("es", SIGN_IN_CODE): AUTH_TEMPLATE, ("en", SIGN_IN_CODE): AUTH_TEMPLATE}
        if why == "not in her language":
            settings.TWILIO_WHATSAPP_TEMPLATES = {("es", SIGN_IN_CODE): AUTH_TEMPLATE}
    page = client.get("/en/my/settings/").content.decode()
    select = sign_in_select(page)
    assert 'value="whatsapp"' not in select and "disabled" in select
    assert SIGN_IN_LINE in page

    assert client.post("/en/my/settings/", her_settings(sign_in_channel="whatsapp")).status_code == 303
    her.contact.refresh_from_db()
    assert her.contact.sign_in_channel == Channel.SMS
    assert channel_for(her.contact, OutboundMessage.Purpose.SIGN_IN_CODE) == Channel.SMS


def test_her_choice_waits_while_the_template_is_gone(client, her):
    """She chose WhatsApp while a template was ready; without one her codes go by SMS, and saving her
    settings meanwhile keeps her choice for when it is back."""
    her.contact.sign_in_channel = Channel.WHATSAPP
    her.contact.save()
    assert channel_for(her.contact, OutboundMessage.Purpose.SIGN_IN_CODE) == Channel.SMS
    assert client.post("/en/my/settings/", her_settings()).status_code == 303
    her.contact.refresh_from_db()
    assert her.contact.sign_in_channel == Channel.WHATSAPP


def test_the_advocate_sets_sign_in_codes_by_whatsapp_only_with_her_consent(advocate, codes_on_whatsapp):
    organization, staff = advocate
    profile = make_survivor(organization, phone=PHONE, name="Test Survivor")
    url = f"/admin/survivors/edit/{profile.pk}/"
    assert 'value="whatsapp"' in sign_in_select(staff.get(url).content.decode())

    refused = staff.post(url, {**intake_data(profile, PHONE), "sign_in_channel": "whatsapp"})
    assert refused.status_code == 200 and str(CHANNELS_NEED_CONSENT) in refused.content.decode()
    profile.contact.refresh_from_db()
    assert profile.contact.sign_in_channel == Channel.SMS

    agreed = {**intake_data(profile, PHONE), "sign_in_channel": "whatsapp", "channel_consent": "on"}
    assert staff.post(url, agreed).status_code == 302
    profile.contact.refresh_from_db()
    assert profile.contact.sign_in_channel == Channel.WHATSAPP
    assert channel_for(profile.contact, OutboundMessage.Purpose.SIGN_IN_CODE) == Channel.WHATSAPP


def test_without_a_template_the_advocate_is_not_offered_whatsapp_for_codes(advocate):
    organization, staff = advocate
    profile = make_survivor(organization, phone=PHONE, name="Test Survivor")
    url = f"/admin/survivors/edit/{profile.pk}/"
    page = staff.get(url).content.decode()
    assert 'value="whatsapp"' not in sign_in_select(page)
    assert "Sign-in codes go by SMS: WhatsApp cannot send them in her language yet." in page
    # A posted "whatsapp" changes nothing, so it needs no consent.
    assert staff.post(url, {**intake_data(profile, PHONE), "sign_in_channel": "whatsapp"}).status_code == 302
    profile.contact.refresh_from_db()
    assert profile.contact.sign_in_channel == Channel.SMS
