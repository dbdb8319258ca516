"""Saying "help" instead of pressing 0: every menu that takes 0 listens for speech in her language, the
words people really say reach the hotline, other words are a wrong key, and what she said is kept nowhere."""

import sys

import pytest
from django.conf import settings
from django.core.handlers.exception import handle_uncaught_exception
from django.test import Client
from django.views.debug import ExceptionReporter

from portal.checkins.models import CheckIn
from portal.core.phrases import plain
from portal.messaging.models import HelpRequest
from portal.voice import prompts
from portal.voice.languages import TWILIO_SPEECH_LANGUAGES
from portal.voice.menu import HANDLERS
from portal.voice.models import Call
from portal.voice.speech import unspaced, words_of
from tests.checkins.conftest import checkin_settings  # noqa: F401
from tests.messaging.conftest import make_contact, post_signed
from tests.security.test_no_personal_data_in_logs import every_logger_at_debug, leaks, sql_logged
from tests.voice.calls import CALLER, call_in, call_params, new_sid, press, said
from tests.voice.test_check_in_answers import sent_check_in

pytestmark = pytest.mark.django_db
HOTLINE = "+18885550123"
# Twilio's speech recognition language for each portal language the line speaks (Urdu is spoken in English).
HEARD_IN = {
    "en": "en-US",
    "es": "es-US",
    "vi": "vi-VN",
    "zh-hans": "cmn-Hans-CN",
    "ar": "ar-EG",
    "fr": "fr-FR",
    "pt-br": "pt-BR",
    "ko": "ko-KR",
    "zh-hant": "cmn-Hant-TW",
    "tl": "fil-PH",
    "hi": "hi-IN",
    "ur": "en-US",
}
# What frightened callers say, as native speakers say it (and as a recogniser writes it down).
ASKING_FOR_HELP = [
    ("en", "Help"),
    ("en", "Help me please"),
    ("en", "HELP!"),
    ("en", "I need help."),
    ("en", "Can somebody help me?"),
    ("es", "¡Ayuda!"),
    ("es", "Ayúdeme, por favor"),
    ("es", "ayudame"),
    ("es", "Necesito ayuda"),
    ("es", "¿Me puede ayudar?"),
    ("es", "Socorro"),
    ("es", "help"),  # the English word counts in every language
    ("vi", "giúp tôi"),
    ("vi", "Làm ơn giúp tôi với"),
    ("vi", "Cứu tôi với!"),
    ("vi", "Tôi cần giúp đỡ"),
    ("vi", "giup toi"),  # written without tones
    ("zh-hans", "帮帮我"),
    ("zh-hans", "救命啊！"),
    ("zh-hans", "我需要帮助"),
    ("zh-hant", "請幫我"),
    ("zh-hant", "救命"),
    ("ar", "ساعدني"),
    ("ar", "أحتاج مساعدة"),
    ("ar", "النجدة!"),
    ("fr", "Au secours !"),
    ("fr", "Aidez-moi, s'il vous plaît"),
    ("fr", "J'ai besoin d'aide"),
    ("fr", "Pouvez-vous m'aider ?"),
    ("pt-br", "Socorro!"),
    ("pt-br", "Me ajuda, por favor"),
    ("pt-br", "Preciso de ajuda"),
    ("ko", "도와주세요"),
    ("ko", "살려 주세요"),
    ("ko", "도움이 필요해요"),
    ("tl", "Tulong!"),
    ("tl", "Tulungan mo ako"),
    ("tl", "Saklolo"),
    ("hi", "मदद"),
    ("hi", "मुझे मदद चाहिए"),
    ("hi", "बचाओ!"),
    ("ur", "Help me"),  # an Urdu caller hears, and is heard, in English
]
# Words that are not "help": another word that holds it, greetings, anything else.
NOT_HELP = [
    ("en", "helpful"),
    ("en", "Hello?"),
    ("en", "yelp"),
    ("en", "I'm fine, thanks"),
    ("es", "ayudante"),
    ("es", "Hola, buenas"),
    ("vi", "xin chào"),
    ("fr", "Bonjour"),
    ("fr", "un aidant"),
    ("ko", "안녕하세요"),
    ("zh-hans", "你好"),
]


def menu_in(client, language):
    """A caller the portal knows, in `language`: straight to the main menu. Returns (sid, menu)."""
    make_contact(CALLER, language=language)
    sid = new_sid()
    return sid, call_in(client, sid, CALLER)


def say(client, sid, step, words, **extra):
    """She speaks at `step`: Twilio posts what it heard as SpeechResult, with no Digits."""
    return press(client, sid, step, SpeechResult=words, Confidence="0.87", **extra)


def put_through(answer):
    dial = answer.root.find("Dial")
    return dial is not None and dial.text == HOTLINE


@pytest.fixture(autouse=True)
def hotline(settings):
    settings.VOICE_HOTLINE_NUMBER = HOTLINE


# What the menus ask Twilio to listen for.


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_menu_listens_for_help_in_her_language(client, language):
    _sid, menu = menu_in(client, language)
    gather = menu.gather
    assert gather.get("input") == "dtmf speech"
    assert gather.get("language") == HEARD_IN[language]
    hints = gather.get("hints").split(", ")
    heard = "en" if language == "ur" else language
    assert set(words_of(heard)) <= set(hints) and "help" in hints
    # Silence is as it was: the same wait for a first key or word, then the <Redirect> to the same step.
    assert gather.get("timeout") == "6" and gather.get("speechTimeout") == "2"
    assert menu.root.find("Redirect").text.endswith("/voice/step/menu/")


def test_the_first_menu_listens_in_english_for_every_languages_help_word(client):
    gather = call_in(client, new_sid(), CALLER).gather
    assert gather.get("input") == "dtmf speech" and gather.get("language") == "en-US"
    hints = gather.get("hints").split(", ")
    assert {"help", "ayuda", "giúp", "帮助", "도와주세요", "tulong"} <= set(hints)


def test_the_zip_step_listens_too_and_still_takes_five_keys(client):
    sid, _menu = menu_in(client, "es")
    ask = press(client, sid, "menu", "1")
    assert ask.gather.get("numDigits") == "5" and ask.gather.get("input") == "dtmf speech"
    assert ask.gather.get("language") == "es-US"


def test_a_language_twilio_cannot_hear_is_keys_only(client, monkeypatch):
    monkeypatch.delitem(TWILIO_SPEECH_LANGUAGES, "vi")
    sid, menu = menu_in(client, "vi")
    for attribute in ("input", "language", "hints", "speechTimeout"):
        assert menu.gather.get(attribute) is None
    assert put_through(press(client, sid, "menu", "0"))  # 0 still reaches a person


@pytest.mark.parametrize("prompt", ["MAIN_MENU", "CHECKIN_MENU", "TALK_NOW", "HEAR_AGAIN"])
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_menu_that_says_press_0_says_the_first_help_word(prompt, language):
    spoken = plain(said(getattr(prompts, prompt), language))
    word = plain(words_of(language)[0])
    if unspaced(word):
        assert word.replace(" ", "") in spoken.replace(" ", "")
    else:
        assert f" {word} " in f" {spoken} "


# What she says.


@pytest.mark.parametrize(("language", "words"), ASKING_FOR_HELP)
def test_saying_help_at_the_menu_puts_her_through(client, language, words):
    sid, _menu = menu_in(client, language)
    answer = say(client, sid, "menu", words)
    assert put_through(answer)
    spoken_in = "en" if language == "ur" else language
    assert said(prompts.CONNECTING, spoken_in) in answer.text
    call = Call.objects.get(call_sid=sid)
    assert call.dialled_hotline and call.step == Call.Step.DONE


@pytest.mark.parametrize(("language", "words"), NOT_HELP)
def test_other_words_are_a_wrong_key(client, language, words):
    sid, _menu = menu_in(client, language)
    again = say(client, sid, "menu", words)
    assert not again.has("Dial")
    assert said(prompts.NOT_UNDERSTOOD, language) in again.text and said(prompts.MAIN_MENU, language) in again.text
    call = Call.objects.get(call_sid=sid)
    assert call.attempts == 1 and not call.dialled_hotline


def test_help_counts_even_when_she_says_she_does_not_need_it(client):
    # Put through by mistake is the lesser harm: the words are not read for their meaning.
    sid, _menu = menu_in(client, "en")
    assert put_through(say(client, sid, "menu", "I don't need help"))


def test_three_answers_not_understood_end_the_call_as_three_wrong_keys_do(client):
    sid, _menu = menu_in(client, "es")
    say(client, sid, "menu", "banana")
    press(client, sid, "menu", "7")
    last = say(client, sid, "menu", "no sé")
    assert said(prompts.GOODBYE, "es") in last.text and last.has("Hangup") and not last.has("Dial")


def test_a_key_wins_over_speech(client):
    sid, _menu = menu_in(client, "en")
    ask = press(client, sid, "menu", "1", SpeechResult="help")
    assert said(prompts.ASK_ZIP, "en") in ask.text and not ask.has("Dial")


@pytest.mark.parametrize("words", ["ayuda", "help", "giúp tôi", "救命"])
def test_help_at_the_first_menu_in_any_language_puts_her_through(client, words):
    sid = new_sid()
    call_in(client, sid, CALLER)
    assert put_through(say(client, sid, "language", words))


def test_a_language_named_at_the_first_menu_is_asked_again(client):
    sid = new_sid()
    call_in(client, sid, CALLER)
    again = say(client, sid, "language", "español")
    assert not again.has("Dial") and said(prompts.NOT_UNDERSTOOD, "en") in again.text
    assert Call.objects.get(call_sid=sid).step == Call.Step.LANGUAGE


def test_help_while_typing_a_zip_puts_her_through_and_spoken_numbers_are_asked_again(client):
    sid, _menu = menu_in(client, "vi")
    press(client, sid, "menu", "1")
    again = say(client, sid, "zip", "bảy bảy không không hai")
    assert said(prompts.ASK_ZIP, "vi") in again.text and said(prompts.NOT_IN_TEXAS, "vi") not in again.text
    assert put_through(say(client, sid, "zip", "Cứu tôi"))


def test_help_after_asking_for_a_call_back_puts_her_through_and_keeps_the_request(client):
    sid, _menu = menu_in(client, "es")
    press(client, sid, "menu", "2")
    assert put_through(say(client, sid, "callback", "¡Ayuda!"))
    request = HelpRequest.objects.get(source=HelpRequest.Source.VOICE)
    assert not request.urgent  # "help" is the hotline, not key 1


def test_other_words_after_asking_for_a_call_back_are_goodbye_as_a_wrong_key(client):
    sid, _menu = menu_in(client, "es")
    press(client, sid, "menu", "2")
    bye = say(client, sid, "callback", "gracias")
    assert bye.has("Hangup") and not bye.has("Dial")


def test_help_at_her_check_in_puts_her_through_and_answers_nothing(client, organization, advocate):
    check_in = sent_check_in(organization, advocate, "vi")
    sid = new_sid()
    call_in(client, sid, CALLER)
    asked = press(client, sid, "menu", "5")
    assert asked.gather.get("language") == "vi-VN" and asked.gather.get("input") == "dtmf speech"
    assert put_through(say(client, sid, "checkin", "giúp tôi"))
    check_in.refresh_from_db()
    assert check_in.status == CheckIn.Status.SENT and Call.objects.get(call_sid=sid).check_in_answer == ""


# The same request twice, and nothing kept.


def test_twilio_sending_the_same_words_twice_puts_her_through_once(client):
    sid, _menu = menu_in(client, "vi")
    first = say(client, sid, "menu", "giúp tôi")
    ended = Call.objects.get(call_sid=sid).ended_at
    second = say(client, sid, "menu", "giúp tôi")
    assert first.text == second.text and put_through(second)
    call = Call.objects.get(call_sid=sid)
    assert call.ended_at == ended and call.dialled_hotline and call.step == Call.Step.DONE
    assert Call.objects.filter(call_sid=sid).count() == 1


def test_what_she_says_is_in_no_row_and_no_log(client):
    spoken = ["Me llamo Rosalinda Quintanilla", "Rosalinda necesita ayuda ya"]
    with every_logger_at_debug() as captured, sql_logged():
        sid, _menu = menu_in(client, "es")
        say(client, sid, "menu", spoken[0])
        say(client, sid, "menu", spoken[1])
    call = Call.objects.filter(call_sid=sid).values().get()
    assert call["dialled_hotline"]
    assert not any("rosalinda" in str(value).lower() for value in call.values())
    assert len(captured.lines) > 10  # the capture heard the SQL
    needles = {"a word she said": "Rosalinda", "her words": spoken[1]}
    assert leaks(captured.lines, needles) == []


def test_an_error_report_hides_what_she_said(monkeypatch):
    """Django's error report (what an admin email or an error tracker gets) shows the request's POST and
    each frame's variables: her words are masked in both."""
    client = Client(raise_request_exception=False)
    sid, _menu = menu_in(client, "es")
    reports = []

    def broken(call, digits, caller):
        raise RuntimeError("the menu broke")

    def reported(request, resolver, exc_info):
        reports.append(ExceptionReporter(request, *sys.exc_info()).get_traceback_html())
        return handle_uncaught_exception(request, resolver, exc_info)

    monkeypatch.setitem(HANDLERS, "menu", broken)
    monkeypatch.setattr("django.core.handlers.exception.handle_uncaught_exception", reported)
    response = post_signed(client, "/voice/step/menu/", call_params(sid, SpeechResult="Soy Rosalinda, ayúdeme"))
    assert response.status_code == 500
    [report] = reports
    assert "the menu broke" in report and "SpeechResult" in report and "spoken" in report
    assert "Rosalinda" not in report
