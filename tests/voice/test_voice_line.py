"""The voice line end to end through its signed webhooks: every menu path in English, Spanish and
Vietnamese, the same request twice, a dropped call, and wrong keys."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portal.messaging.models import Contact, HelpRequest
from portal.voice import prompts
from portal.voice.languages import menu_languages, spoken_language, twilio_language
from portal.voice.models import Call
from tests.messaging.conftest import AUTH_TOKEN, make_contact, post_form, sign
from tests.voice.calls import CALLER, INBOUND, call_in, call_params, new_sid, press, said

pytestmark = pytest.mark.django_db
MONDAY_NOON = datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("America/Chicago"))
LANGUAGES = ["en", "es", "vi"]
VOICES = {"en": "en-US", "es": "es-US", "vi": "vi-VN"}


def key_for(language):
    return "*" if language == "en" else next(digit for digit, code, _name in menu_languages() if code == language)


def start_in(client, language, caller=CALLER):
    """A new caller picks her language; returns (sid, the main menu she hears)."""
    sid = new_sid()
    call_in(client, sid, caller)
    return sid, press(client, sid, "language", key_for(language), caller)


# Only Twilio may call.


@pytest.mark.parametrize("path", [INBOUND, "/voice/step/menu/"])
@pytest.mark.parametrize("case", ["missing header", "wrong token", "changed parameter", "other host"])
def test_an_unsigned_or_badly_signed_call_is_refused_and_nothing_is_stored(client, path, case):
    contacts = Contact.objects.count()
    params = call_params(new_sid(), CALLER, Digits="2")
    signature = sign(path, params)
    if case == "wrong token":
        signature = sign(path, params, token=AUTH_TOKEN + "x")
    elif case == "changed parameter":
        params["Digits"] = "1"
    elif case == "other host":
        signature = sign(path, params, base_url="https://attacker.example.net")
    headers = {} if case == "missing header" else {"HTTP_X_TWILIO_SIGNATURE": signature}
    response = post_form(client, path, params, **headers)
    assert response.status_code == 403
    assert not Call.objects.exists() and not HelpRequest.objects.filter(source="voice").exists()
    assert Contact.objects.count() == contacts


def test_a_get_is_not_a_call(client):
    assert client.get(INBOUND).status_code == 405


# The language.


def test_a_new_number_hears_the_first_eight_languages_in_their_own_voices_and_more(client):
    answer = call_in(client, new_sid(), CALLER)
    gather = answer.gather
    assert gather.get("numDigits") == "1"
    assert gather.get("action") == "https://portal.example.org/voice/step/language/"
    assert answer.says[0] == ("en-US", prompts.ENGLISH_CHOICE)
    offered = menu_languages(1)
    assert [digit for digit, _code, _name in offered] == [str(key) for key in range(1, 9)]
    for digit, code, name in offered:
        choice = said(prompts.LANGUAGE_CHOICE, code, language=name, digit=digit)
        assert (twilio_language(code), choice) in answer.says
    assert ("es-US", "Para Español, oprima 1.") in answer.says
    assert answer.says[-1] == ("en-US", prompts.MORE_LANGUAGES)
    assert len(answer.says) == 1 + 8 + 1
    every_voice = {"en-US", "es-US", "vi-VN", "cmn-CN", "arb", "fr-FR", "pt-BR", "ko-KR", "cmn-TW"}
    assert answer.languages == every_voice
    assert not Contact.objects.filter(phone_index=Call.objects.get().caller_index).exists()  # no number kept


def test_9_on_the_first_menu_offers_the_other_languages_with_a_voice(client):
    sid = new_sid()
    call_in(client, sid, CALLER)
    more = press(client, sid, "language", "9")
    assert more.gather.get("action") == "https://portal.example.org/voice/step/language/?page=2"
    assert more.root.find("Redirect").text == "https://portal.example.org/voice/step/language/?page=2"
    assert [code for _digit, code, _name in menu_languages(2)] == ["tl", "hi"]
    assert ("fil-PH", said(prompts.LANGUAGE_CHOICE, "tl", language="Tagalog", digit="1")) in more.says
    assert ("hi-IN", said(prompts.LANGUAGE_CHOICE, "hi", language="हिन्दी", digit="2")) in more.says
    assert prompts.MORE_LANGUAGES not in more.text
    assert not any(code == "ur" for page in (1, 2) for _digit, code, _name in menu_languages(page))
    assert "اردو" not in more.text
    assert Call.objects.get(call_sid=sid).step == Call.Step.LANGUAGE


def test_hindi_chosen_on_the_second_page_speaks_the_menu_in_hindi(client):
    sid = new_sid()
    call_in(client, sid, CALLER)
    press(client, sid, "language", "9")
    menu = press(client, sid, "language", "2", page=2)
    assert Call.objects.get(call_sid=sid).language == "hi"
    assert menu.languages == {"hi-IN"}
    assert said(prompts.MAIN_MENU, "hi") in menu.text and said(prompts.MAIN_MENU, "hi") != said(prompts.MAIN_MENU, "en")
    assert said(prompts.GREETING, "hi") in menu.text
    assert menu.gather.get("action").endswith("/voice/step/menu/")


def test_a_wrong_key_on_the_second_page_asks_it_again_three_times_then_goodbye(client):
    sid = new_sid()
    call_in(client, sid, CALLER)
    press(client, sid, "language", "9")
    for digits in ("7", "8"):
        again = press(client, sid, "language", digits, page=2)
        assert said(prompts.NOT_UNDERSTOOD, "en") in again.text and not again.has("Hangup")
        assert again.gather.get("action").endswith("/voice/step/language/?page=2")
        assert ("hi-IN", said(prompts.LANGUAGE_CHOICE, "hi", language="हिन्दी", digit="2")) in again.says
    last = press(client, sid, "language", "5", page=2)
    assert said(prompts.GOODBYE, "en") in last.text and last.has("Hangup")


def test_silence_on_the_second_page_is_english_as_on_the_first(client):
    sid = new_sid()
    call_in(client, sid, CALLER)
    press(client, sid, "language", "9")
    menu = press(client, sid, "language", page=2)
    assert menu.languages == {"en-US"} and said(prompts.MAIN_MENU, "en") in menu.text
    assert Call.objects.get(call_sid=sid).language == "en"


def test_a_short_list_of_languages_fits_on_one_page_with_no_more_key(client, settings):
    settings.LANGUAGES = [("en", "English"), ("es", "Español"), ("vi", "Tiếng Việt"), ("ur", "اردو")]
    answer = call_in(client, new_sid(), CALLER)
    assert [(digit, code) for digit, code, _name in menu_languages()] == [("1", "es"), ("2", "vi")]
    assert prompts.MORE_LANGUAGES not in answer.text
    assert answer.languages == {"en-US", "es-US", "vi-VN"}


def test_any_number_of_languages_fits_on_pages_of_eight(settings):
    from portal.voice import languages

    voiced = [code for code in languages.TWILIO_VOICE_LANGUAGES if code != "en"]
    settings.LANGUAGES = [("en", "English")] + [(code, code) for code in voiced * 3]
    pages = languages.menu_pages()
    assert all(len(page) == 8 for page in pages[:-1]) and 1 <= len(pages[-1]) <= 9
    assert sum(len(page) for page in pages) == len(voiced) * 3
    assert languages.has_more(1) and not languages.has_more(len(pages))


def test_a_language_without_a_twilio_voice_is_spoken_in_english(settings):
    assert spoken_language("ur") == "en" and twilio_language("ur") == "en-US"
    assert spoken_language("hi") == "hi" and twilio_language("hi") == "hi-IN"
    assert spoken_language("vi") == "vi"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_main_menu_is_in_the_language_she_chose(client, language):
    sid, menu = start_in(client, language)
    assert menu.languages == {VOICES[language]}
    assert said(prompts.MAIN_MENU, language) in menu.text
    assert said(prompts.GREETING, language) in menu.text
    if language != "en":
        assert said(prompts.MAIN_MENU, language) != said(prompts.MAIN_MENU, "en")
    assert menu.gather.get("action").endswith("/voice/step/menu/")
    assert Call.objects.get(call_sid=sid).language == language


def test_silence_at_the_first_menu_is_english(client):
    sid = new_sid()
    call_in(client, sid, CALLER)
    menu = press(client, sid, "language")
    assert menu.languages == {"en-US"} and said(prompts.MAIN_MENU, "en") in menu.text


@pytest.mark.parametrize("language", ["vi", "es"])
def test_a_known_number_goes_straight_to_the_menu_in_her_language(client, language):
    make_contact(CALLER, language=language)
    menu = call_in(client, new_sid(), CALLER)
    assert menu.languages == {VOICES[language]}
    assert said(prompts.MAIN_MENU, language) in menu.text


def test_the_named_greeting_only_when_she_said_we_may_say_who_we_are(client, settings):
    make_contact(CALLER, language="en", may_identify=True)
    menu = call_in(client, new_sid(), CALLER)
    assert said(prompts.GREETING_NAMED, "en", name=settings.SMS_SENDER_NAME) in menu.text


# 1: help near you.


@pytest.mark.parametrize("language", LANGUAGES)
def test_places_open_now_near_a_zip_are_read_digit_by_digit(client, language):
    sid, _menu = start_in(client, language)
    ask = press(client, sid, "menu", "1")
    assert ask.gather.get("numDigits") == "5"
    assert said(prompts.ASK_ZIP, language) in ask.text and ask.languages == {VOICES[language]}
    with time_machine.travel(MONDAY_NOON, tick=False):
        places = press(client, sid, "zip", "77002")
        again = press(client, sid, "places", "1")
    assert places.languages == {VOICES[language]}
    assert said(prompts.PLACES_INTRO, language) in places.text
    assert "7 1 3, 5 5 5, 0 1" in places.text  # a Houston number from the demo directory
    assert said(prompts.HEAR_AGAIN, language) in places.text
    assert "raffick" not in places.text and "http" not in places.text
    assert again.text == places.text
    back = press(client, sid, "places", "")
    assert said(prompts.MAIN_MENU, language) in back.text
    assert not HelpRequest.objects.filter(source="voice").exists()  # a question, not a request


def test_nothing_open_says_so_and_gives_911(client, monkeypatch):
    monkeypatch.setattr("portal.directory.by_text.services_for", lambda request, now=None: [])
    sid, _menu = start_in(client, "es")
    press(client, sid, "menu", "1")
    places = press(client, sid, "zip", "79936")
    assert said(prompts.NO_PLACES, "es") in places.text and said(prompts.EMERGENCY, "es") in places.text
    assert said(prompts.HEAR_AGAIN, "es") in places.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_zip_outside_texas_is_asked_again_three_times_then_goodbye(client, language):
    sid, _menu = start_in(client, language)
    press(client, sid, "menu", "1")
    for zip_code in ("90210", "00000"):
        again = press(client, sid, "zip", zip_code)
        assert said(prompts.NOT_IN_TEXAS, language) in again.text
        assert said(prompts.ASK_ZIP, language) in again.text and not again.has("Hangup")
    last = press(client, sid, "zip", "10001")
    assert said(prompts.GOODBYE, language) in last.text and last.has("Hangup")
    call = Call.objects.get(call_sid=sid)
    assert call.step == Call.Step.DONE and call.ended_at is not None and call.zip_code == ""


# 2: a call back.


@pytest.mark.parametrize("language", LANGUAGES)
def test_pressing_2_opens_a_help_request_at_once_and_1_makes_it_urgent(client, language):
    sid, _menu = start_in(client, language)
    asked = press(client, sid, "menu", "2")
    # Made before she hears anything more: a hang-up now loses nothing.
    request = HelpRequest.objects.get(source=HelpRequest.Source.VOICE)
    assert request.contact == Contact.objects.for_phone(CALLER)
    assert request.contact.language == language and not request.urgent
    assert said(prompts.CALLBACK_ASKED, language) in asked.text
    assert said(prompts.ASK_UNSAFE, language) in asked.text and asked.languages == {VOICES[language]}
    urgent = press(client, sid, "callback", "1")
    request.refresh_from_db()
    assert request.urgent and request.status == HelpRequest.Status.URGENT
    assert said(prompts.MARKED_URGENT, language) in urgent.text and urgent.has("Hangup")


def test_no_key_after_asking_for_a_call_back_keeps_the_request_as_it_is(client):
    sid, _menu = start_in(client, "vi")
    press(client, sid, "menu", "2")
    bye = press(client, sid, "callback")
    assert said(prompts.GOODBYE, "vi") in bye.text and bye.has("Hangup")
    assert not HelpRequest.objects.get(source="voice").urgent


def test_twilio_sending_the_same_request_twice_opens_one_help_request(client):
    sid, _menu = start_in(client, "es")
    first = press(client, sid, "menu", "2")
    second = press(client, sid, "menu", "2")
    assert first.text == second.text
    assert HelpRequest.objects.filter(source="voice").count() == 1
    call_in(client, sid, CALLER)  # even the first request again
    assert Call.objects.filter(call_sid=sid).count() == 1
    assert HelpRequest.objects.filter(source="voice").count() == 1


def test_a_withheld_number_cannot_be_called_back_and_nothing_is_made(client):
    contacts = Contact.objects.count()
    sid, _menu = start_in(client, "es", caller="anonymous")
    answer = press(client, sid, "menu", "2", caller="anonymous")
    assert said(prompts.NO_NUMBER, "es") in answer.text and said(prompts.MAIN_MENU, "es") in answer.text
    assert Contact.objects.count() == contacts and not HelpRequest.objects.filter(source="voice").exists()


# 9 and 0.


@pytest.mark.parametrize("language", LANGUAGES)
def test_9_reads_the_hotline_without_naming_it(client, language):
    sid, _menu = start_in(client, language)
    answer = press(client, sid, "menu", "9")
    number = "1, 8 8 8, 3 7 3, 7 8 8 8"
    assert said(prompts.HOTLINE, language, number=number) in answer.text
    assert said(prompts.EMERGENCY, language) in answer.text and said(prompts.MAIN_MENU, language) in answer.text
    assert "raffick" not in answer.text and "buôn" not in answer.text.lower() and "trata" not in answer.text


def test_9_names_the_hotline_when_she_said_we_may(client):
    make_contact(CALLER, language="en", may_identify=True)
    sid = new_sid()
    call_in(client, sid, CALLER)
    answer = press(client, sid, "menu", "9")
    assert "National Human Trafficking Hotline" in answer.text


@pytest.mark.parametrize(("step", "language"), [("language", "en"), ("menu", "es"), ("zip", "vi"), ("places", "es")])
def test_0_at_any_menu_puts_her_through(client, settings, step, language):
    settings.VOICE_HOTLINE_NUMBER = "+18885550123"
    sid, _menu = start_in(client, language)
    answer = press(client, sid, step, "0")
    assert answer.root.find("Dial").text == "+18885550123"
    assert said(prompts.CONNECTING, language if step != "language" else "en") in answer.text
    assert Call.objects.get(call_sid=sid).step == Call.Step.DONE


def test_the_hotline_default_is_the_national_hotline():
    from django.conf import settings

    assert settings.VOICE_HOTLINE_NUMBER == "+18883737888"


# Wrong keys.


@pytest.mark.parametrize("language", LANGUAGES)
def test_wrong_keys_three_times_end_the_call_politely(client, language):
    sid, _menu = start_in(client, language)
    for digits in ("7", None):
        again = press(client, sid, "menu", digits)
        assert said(prompts.NOT_UNDERSTOOD, language) in again.text
        assert said(prompts.MAIN_MENU, language) in again.text and not again.has("Hangup")
    last = press(client, sid, "menu", "#")
    assert said(prompts.GOODBYE, language) in last.text and last.has("Hangup") and not last.gather
    assert last.languages == {VOICES[language]}


def test_a_right_key_starts_the_count_again(client):
    sid, _menu = start_in(client, "en")
    press(client, sid, "menu", "5")
    press(client, sid, "menu", "5")
    press(client, sid, "menu", "9")
    assert not press(client, sid, "menu", "5").has("Hangup")


# A dropped call.


def test_a_dropped_call_resumes_where_it_stopped_in_her_language(client):
    sid, _menu = start_in(client, "vi")
    press(client, sid, "menu", "1")  # then the line drops while she looks for her ZIP code
    again = call_in(client, new_sid(), CALLER)
    assert said(prompts.ASK_ZIP, "vi") in again.text and again.languages == {"vi-VN"}
    resumed = Call.objects.exclude(call_sid=sid).get()
    assert resumed.resumed_from.call_sid == sid and resumed.step == Call.Step.ZIP
    # Resumed once: a third call starts fresh from her new one.
    assert Call.objects.get(call_sid=sid).resumed_by == resumed


def test_a_call_dropped_after_asking_for_a_call_back_keeps_the_request(client):
    sid, _menu = start_in(client, "es")
    press(client, sid, "menu", "2")
    again = call_in(client, new_sid(), CALLER)
    assert said(prompts.ASK_UNSAFE, "es") in again.text
    resumed = Call.objects.exclude(call_sid=sid).get()
    press(client, resumed.call_sid, "callback", "1")
    assert HelpRequest.objects.get(source="voice").urgent
    assert HelpRequest.objects.filter(source="voice").count() == 1


def test_a_call_long_after_starts_over(client, pinned_clock):
    sid, _menu = start_in(client, "es")
    press(client, sid, "menu", "1")
    with time_machine.travel(pinned_clock + timedelta(hours=2), tick=False):
        again = call_in(client, new_sid(), CALLER)
    assert again.gather.get("action").endswith("/voice/step/language/")


def test_a_call_that_said_goodbye_does_not_resume(client):
    sid, _menu = start_in(client, "es")
    press(client, sid, "menu", "2")
    press(client, sid, "callback", "")
    again = call_in(client, new_sid(), CALLER)  # now a known number: straight to the menu
    assert said(prompts.MAIN_MENU, "es") in again.text


def test_the_call_holds_no_phone_number(client):
    sid, _menu = start_in(client, "es")
    press(client, sid, "menu", "2")
    row = Call.objects.filter(call_sid=sid).values().get()
    assert not any("5550177" in str(value) for value in row.values())


def test_a_call_forgets_the_number_and_zip_once_it_cannot_resume(client, pinned_clock):
    ended, _menu = start_in(client, "es")
    press(client, ended, "menu", "1")
    press(client, ended, "zip", "77002")
    press(client, ended, "places", "0")  # put through: the call is over
    assert Call.objects.filter(call_sid=ended).values_list("caller_index", flat=True).get() == ""
    dropped, _menu = start_in(client, "vi", caller="+17135550178")
    press(client, dropped, "menu", "1", caller="+17135550178")
    press(client, dropped, "zip", "77002", caller="+17135550178")
    with time_machine.travel(pinned_clock + timedelta(hours=1), tick=False):
        call_in(client, new_sid(), "+12145550100")  # anyone's call tidies up
    forgotten = Call.objects.get(call_sid=dropped)
    assert forgotten.caller_index == "" and forgotten.zip_code == "" and forgotten.ended_at is not None
    again = call_in(client, new_sid(), "+17135550178")
    assert again.gather.get("action").endswith("/voice/step/language/")


def test_her_calls_go_with_her_contact(client):
    sid, _menu = start_in(client, "es")
    press(client, sid, "menu", "2")
    Contact.objects.for_phone(CALLER).delete()
    assert not Call.objects.filter(call_sid=sid).exists()
