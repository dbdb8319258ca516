"""The voice playground in the admin: a call to the real, signed voice views, key by key."""

from html import escape

import pytest
from django.conf import settings

from portal.voice import prompts
from portal.voice.menu import spoken_digits
from portal.voice.models import Call
from tests.voice.calls import said

pytestmark = pytest.mark.django_db
PAGE = "/admin/voice-playground/"


def shown(response, text):
    return escape(text) in response.content.decode()


def start(client):
    response = client.post(PAGE, {"phone": "713-555-0188"})
    assert response.status_code == 200
    return response


def press(client, previous, digits=None, zip_code=None, words=None):
    keys = previous.context["keys_form"]
    data = {name: keys.initial[name] for name in ("phone", "call_sid", "step")}
    if words is not None:
        data.update({"send_words": "1", "words": words})
    else:
        data.update({"send_zip": "1", "zip_code": zip_code} if zip_code else {"digits": digits})
    response = client.post(PAGE, data)
    assert response.status_code == 200
    return response


def test_a_call_shows_the_first_menu_then_the_english_menu(admin_client_verified):
    ringing = start(admin_client_verified)
    assert shown(ringing, prompts.ENGLISH_CHOICE)
    assert shown(ringing, "Para Español, oprima 1.")
    assert b'lang="es-US"' in ringing.content
    english = press(admin_client_verified, ringing, "*")
    assert shown(english, said(prompts.MAIN_MENU, "en"))
    assert Call.objects.get().language == "en"


def test_1_gives_the_spanish_menu_and_9_the_hotline(admin_client_verified):
    spanish = press(admin_client_verified, start(admin_client_verified), "1")
    assert shown(spanish, said(prompts.MAIN_MENU, "es"))
    assert said(prompts.MAIN_MENU, "es") != said(prompts.MAIN_MENU, "en")
    hotline = press(admin_client_verified, spanish, "9")
    number = spoken_digits(settings.VOICE_HOTLINE_NUMBER)
    assert shown(hotline, said(prompts.HOTLINE, "es", number=number))
    assert shown(hotline, said(prompts.MAIN_MENU, "es"))  # and the menu again


def test_a_zip_goes_in_through_its_own_box(admin_client_verified):
    zip_step = press(admin_client_verified, press(admin_client_verified, start(admin_client_verified), "*"), "1")
    assert shown(zip_step, said(prompts.ASK_ZIP, "en"))
    places = press(admin_client_verified, zip_step, zip_code="77002")
    assert Call.objects.get().zip_code == "77002"
    assert shown(places, said(prompts.HEAR_AGAIN, "en"))


def test_0_puts_the_call_through_and_the_call_ends(admin_client_verified):
    through = press(admin_client_verified, start(admin_client_verified), "0")
    assert b"data-voice-dialled" in through.content and b"data-voice-ended" in through.content


def test_saying_help_puts_the_call_through_and_other_words_are_asked_again(admin_client_verified):
    spanish = press(admin_client_verified, start(admin_client_verified), "1")
    again = press(admin_client_verified, spanish, words="buenos días")
    assert shown(again, said(prompts.NOT_UNDERSTOOD, "es")) and b"data-voice-dialled" not in again.content
    through = press(admin_client_verified, again, words="¡Ayúdeme, por favor!")
    assert b"data-voice-dialled" in through.content and Call.objects.get().dialled_hotline


def test_a_step_outside_the_voice_line_is_refused(admin_client_verified):
    ringing = start(admin_client_verified)
    keys = ringing.context["keys_form"]
    data = {"phone": keys.initial["phone"], "call_sid": keys.initial["call_sid"], "step": "/sms/inbound/"}
    response = admin_client_verified.post(PAGE, {**data, "digits": "1"})
    assert response.status_code == 200 and b"data-voice-heard" not in response.content


def test_the_voice_playground_is_off_outside_development(admin_client_verified, settings):
    settings.SMS_PLAYGROUND_ENABLED = False
    for response in (admin_client_verified.get(PAGE), admin_client_verified.post(PAGE, {"phone": "713-555-0188"})):
        assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail's "permission denied"
    assert not Call.objects.exists()
