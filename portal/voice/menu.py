"""The menu, step by step: each handler takes the Call and the key(s) pressed and returns the TwiML.

The Call is changed and saved before the answer goes out, so a hang-up loses nothing already chosen
and a retried request finds the step already taken. Every <Gather> is followed by a <Redirect> to
its own step, so silence reaches the same handler as a key (with no digits).

Wherever 0 reaches a person, she may say "help" instead (voice.speech): every <Gather> listens for
speech as well as keys, and what she said reaches the handler as the key it stands for (views.step).
"""

import re
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from twilio.twiml.voice_response import VoiceResponse

from portal.accounts.models import SurvivorProfile
from portal.checkins import words
from portal.checkins.replies import record_answer, waiting_check_in
from portal.directory import by_text
from portal.directory.places import zip_place
from portal.messaging.help_requests import open_help_request
from portal.messaging.models import Contact, HelpRequest

from . import prompts, speech
from .calls import caller_index
from .languages import FALLBACK, MORE_KEY, has_more, menu_languages, page_count, spoken_language, twilio_language
from .models import Call

MAX_ATTEMPTS = 3
HOTLINE_KEY = "0"
# A key nobody can press: what a step does with a wrong key, it does with speech that is not "help".
WRONG_KEY = "?"
# On the main menu, only for a caller whose check-in waits for an answer; 1 to 3 as in the check-in text.
CHECKIN_KEY = "5"
CHECKIN_CHOICES = {"1": words.OK, "2": words.CALL_ME, "3": words.HELP_NOW}
SILENCE_SECONDS = 6
ZIP_SECONDS = 10


def step_url(step, page=1):
    # Absolute, on the public origin: Twilio signs the URL it calls (query string included), and that
    # is the one checked. The first menu's page rides in the query string, like the step in the path.
    url = settings.PUBLIC_BASE_URL.rstrip("/") + reverse("voice_step", args=[step])
    return url + "?" + urlencode({"page": page}) if page > 1 else url


def language_page(value):
    """The first menu's page from a step URL's ?page=: a number from 1 to the last page, else 1."""
    try:
        page = int(value or 1)
    except ValueError:
        return 1
    return page if 1 <= page <= page_count() else 1


def spoken_digits(number):
    """'+1 (888) 373-7888' -> '1, 8 8 8, 3 7 3, 7 8 8 8': every voice reads single digits, with pauses."""
    digits = re.sub(r"[^0-9]", "", number or "")
    if len(digits) == 11 and digits.startswith("1"):
        groups = [digits[0], digits[1:4], digits[4:7], digits[7:]]
    elif len(digits) == 10:
        groups = [digits[:3], digits[3:6], digits[6:]]
    else:
        groups = [digits]
    return ", ".join(" ".join(group) for group in groups if group)


class Answer:
    """A TwiML answer spoken in the call's language (English while none is chosen)."""

    def __init__(self, call):
        self.call = call
        self.language = spoken_language(call.language or FALLBACK)
        self.response = VoiceResponse()

    def words(self, *texts, **context):
        with translation.override(self.language):
            return " ".join(str(text) % context if context else str(text) for text in texts)

    def say(self, *texts, target=None, **context):
        (target or self.response).say(self.words(*texts, **context), language=twilio_language(self.language))

    def gather(self, step, *texts, num_digits=1, timeout=SILENCE_SECONDS, **context):
        # Every step with a <Gather> takes 0 for a person, so every one also listens for "help". The ZIP
        # code step too: she types five numbers there, and keys still win (Twilio takes whichever comes
        # first), but 0 puts her through there as everywhere, so "help" must as well.
        gather = self.response.gather(
            num_digits=num_digits,
            action=step_url(step),
            method="POST",
            timeout=timeout,
            finish_on_key="#",
            **speech.listening(self.call),
        )
        self.say(*texts, target=gather, **context)
        self.response.redirect(step_url(step), method="POST")
        return self

    def __str__(self):
        return str(self.response)


def her_check_in(call, caller=None):
    """The check-in waiting for an answer from the survivor whose number this is, else None.

    Only the number a check-in was texted to hears that it can answer one (and `caller`, when given,
    must still be that number), and only on a call whose number is verified (see Call.caller_verified):
    anyone else, a forged caller ID included, hears the menu as it always is.
    """
    if not call.caller_index or (caller is not None and caller_index(caller) != call.caller_index):
        return None
    if not call.caller_verified and settings.VOICE_CHECK_IN_NEEDS_VERIFIED_CALLER:
        return None
    profile = SurvivorProfile.objects.filter(contact__phone_index=call.caller_index).first()
    return waiting_check_in(profile) if profile is not None else None


def may_identify(call):
    return bool(call.contact and call.contact.may_identify)


def go(call, step):
    call.step = step
    call.attempts = 0


# What each step says when it starts (or starts again: a retry, a resumed call, a repeat).


def ask_language(call, answer, page=1):
    """Every language with a voice, each in its own; English needs no key. If they do not fit on one
    page, 9 leads to the next page (the page is in the step URL, so a retried request means the same)."""
    url = step_url(Call.Step.LANGUAGE, page)
    # Her language is not known yet: heard in English, with every language's help words (voice.speech).
    gather = answer.response.gather(num_digits=1, action=url, method="POST", timeout=4, **speech.listening(call))
    gather.say(prompts.ENGLISH_CHOICE, language=twilio_language(FALLBACK))
    for digit, code, name in menu_languages(page):
        with translation.override(code):
            text = str(prompts.LANGUAGE_CHOICE) % {"language": name, "digit": digit}
        gather.say(text, language=twilio_language(code))
    if has_more(page):
        gather.say(prompts.MORE_LANGUAGES, language=twilio_language(FALLBACK))
    answer.response.redirect(url, method="POST")
    return answer


def ask_menu(call, answer, greet=False):
    if greet:
        if may_identify(call):
            answer.say(prompts.GREETING_NAMED, name=settings.SMS_SENDER_NAME)
        else:
            answer.say(prompts.GREETING)
    check_in = her_check_in(call)
    if check_in is None:
        return answer.gather(Call.Step.MENU, prompts.MAIN_MENU)
    # Her code word first, as her check-in texts open with it (when the plan uses it).
    return answer.gather(Call.Step.MENU, *code_word_of(check_in), prompts.CHECKIN_CHOICE, prompts.MAIN_MENU)


def code_word_of(check_in):
    """Her code word as the first words she hears, when her plan uses it (as her check-in texts open with it)."""
    contact = check_in.plan.survivor.contact
    return [contact.code_word.strip() + "."] if check_in.plan.use_code_word and contact.code_word else []


def ask_called_check_in(call, answer):
    """She answered a check-in call the portal placed: only her code word (if her plan uses it) and the
    keys. No greeting and no name: whoever picked up her phone hears nothing that says what this is."""
    if call.check_in_answer:
        go(call, Call.Step.ANSWERED)
        return tell_answered(call, answer)
    check_in = her_check_in(call)
    if check_in is None:  # answered meanwhile (a text, an earlier call): nothing left to ask
        end(call)
        answer.response.hangup()
        return answer
    go(call, Call.Step.CHECKIN)
    return answer.gather(Call.Step.CHECKIN, *code_word_of(check_in), prompts.CHECKIN_MENU)


def machine_answered(call):
    """A voicemail or a fax took the call: hang up at once, so nothing is ever left on her phone. The
    check-in stays unanswered and the missed check-in path applies."""
    end(call)
    answer = Answer(call)
    answer.response.hangup()
    return answer


def ask_checkin(call, answer):
    if call.check_in_answer:
        go(call, Call.Step.ANSWERED)
        return tell_answered(call, answer)
    if her_check_in(call) is None:  # answered or gone meanwhile (a resumed call)
        go(call, Call.Step.MENU)
        return ask_menu(call, answer)
    return answer.gather(Call.Step.CHECKIN, prompts.CHECKIN_MENU)


def tell_answered(call, answer):
    """What she hears once her answer is recorded; 0 still reaches a person."""
    if not call.check_in_answer:  # a resumed call: the answer went with the call that took it
        go(call, Call.Step.MENU)
        return ask_menu(call, answer)
    if call.check_in_answer == words.CALL_ME:
        answer.say(prompts.CALLBACK_ASKED)
    elif call.check_in_answer == words.HELP_NOW:
        answer.say(prompts.CHECKIN_THANKS, prompts.MARKED_URGENT, prompts.EMERGENCY)
    else:
        answer.say(prompts.CHECKIN_THANKS)
    return answer.gather(Call.Step.ANSWERED, prompts.TALK_NOW)


def ask_zip(call, answer):
    return answer.gather(Call.Step.ZIP, prompts.ASK_ZIP, num_digits=5, timeout=ZIP_SECONDS)


def tell_places(call, answer):
    """Up to three services open now near her ZIP code: name and phone, never an address."""
    with translation.override(answer.language):
        services = by_text.services_for(by_text.DirectoryRequest(call.zip_code, None, None))
    if not services:
        answer.say(prompts.NO_PLACES, prompts.EMERGENCY)
    else:
        answer.say(prompts.PLACES_INTRO)
        for service in services:
            answer.say(prompts.PLACE, name=service.name, phone=spoken_digits(service.phone))
    return answer.gather(Call.Step.PLACES, prompts.HEAR_AGAIN)


def ask_unsafe(call, answer):
    answer.say(prompts.CALLBACK_ASKED)
    return answer.gather(Call.Step.CALLBACK, prompts.ASK_UNSAFE)


PROMPTS = {
    Call.Step.LANGUAGE: ask_language,
    Call.Step.MENU: ask_menu,
    Call.Step.ZIP: ask_zip,
    Call.Step.PLACES: tell_places,
    Call.Step.CALLBACK: ask_unsafe,
    Call.Step.CHECKIN: ask_checkin,
    Call.Step.ANSWERED: tell_answered,
}


def current(call, *, greet=False):
    """What the call's current step says: the first answer, a retry's, a resumed call's."""
    answer = Answer(call)
    if call.step == Call.Step.DONE:
        return goodbye(call, answer)
    if call.step == Call.Step.MENU:
        return ask_menu(call, answer, greet=greet)
    return PROMPTS[call.step](call, answer)


# Endings.


def end(call):
    """The call is over: it will not be resumed, so what only a resume needed goes now."""
    go(call, Call.Step.DONE)
    call.ended_at = call.ended_at or timezone.now()
    call.caller_index = call.zip_code = ""


def goodbye(call, answer):
    end(call)
    answer.say(prompts.GOODBYE)
    answer.response.hangup()
    return answer


def connect(call, answer):
    """Key 0 at any menu: put her through to a person at the hotline."""
    end(call)
    call.dialled_hotline = True
    answer.say(prompts.CONNECTING)
    answer.response.dial(settings.VOICE_HOTLINE_NUMBER)
    return answer


def not_understood(call, answer, **step):
    """Say so and ask again, three times at most; then a polite goodbye. `step` is what the step's
    question needs besides the call (the first menu's page)."""
    call.attempts += 1
    if call.attempts >= MAX_ATTEMPTS:
        answer.say(prompts.NOT_UNDERSTOOD)
        return goodbye(call, answer)
    answer.say(prompts.NOT_UNDERSTOOD)
    return PROMPTS[call.step](call, answer, **step)


def heard(call, spoken):
    """What she said (Twilio's SpeechResult) as the key it stands for: 0 for help, else a wrong key.
    Only this outcome goes on; the words are not kept, logged or said back."""
    return HOTLINE_KEY if speech.says_help(spoken, call.language) else WRONG_KEY


# What each key does, step by step. `caller` is the From number, used only to make her Contact.


def on_language(call, digits, caller, page=1):
    """A key on `page` of the first menu. Every page works alike: silence or * is English, 0 a person,
    a wrong key is asked again (on the same page) and counts towards the three."""
    if digits == HOTLINE_KEY:
        return connect(call, Answer(call))
    chosen = {digit: code for digit, code, _name in menu_languages(page)}
    if digits in ("", "*"):
        call.language = FALLBACK
    elif digits in chosen:
        call.language = chosen[digits]
    elif digits == MORE_KEY and has_more(page):
        call.attempts = 0
        return ask_language(call, Answer(call), page + 1)
    else:
        return not_understood(call, Answer(call), page=page)
    go(call, Call.Step.MENU)
    return ask_menu(call, Answer(call), greet=True)


def on_menu(call, digits, caller):
    answer = Answer(call)
    if digits == HOTLINE_KEY:
        return connect(call, answer)
    if digits == "1":
        go(call, Call.Step.ZIP)
        return ask_zip(call, answer)
    if digits == "2":
        return ask_for_call_back(call, answer, caller)
    if digits == "9":
        call.attempts = 0
        call.heard_hotline_number = True
        hotline = prompts.HOTLINE_NAMED if may_identify(call) else prompts.HOTLINE
        answer.say(hotline, number=spoken_digits(settings.VOICE_HOTLINE_NUMBER))
        answer.say(prompts.EMERGENCY)
        return ask_menu(call, answer)
    if digits == CHECKIN_KEY and her_check_in(call, caller) is not None:
        go(call, Call.Step.CHECKIN)
        return ask_checkin(call, answer)
    return not_understood(call, answer)


def on_checkin(call, digits, caller):
    """1 OK, 2 call me, 3 help now: recorded as her texted answer would be, before anything is said, so a
    hang-up keeps it. The call remembers the answer, so a retried request records nothing twice."""
    answer = Answer(call)
    if digits == HOTLINE_KEY:
        return connect(call, answer)
    if call.check_in_answer:
        go(call, Call.Step.ANSWERED)
        return tell_answered(call, answer)
    if digits not in CHECKIN_CHOICES:
        return not_understood(call, answer)
    check_in = her_check_in(call, caller)
    if check_in is None:
        go(call, Call.Step.MENU)
        return ask_menu(call, answer)
    contact = check_in.plan.survivor.contact
    meaning = CHECKIN_CHOICES[digits]
    record_answer(contact, check_in, meaning, source=HelpRequest.Source.VOICE)
    call.contact = contact
    call.check_in_answer = meaning
    go(call, Call.Step.ANSWERED)
    return tell_answered(call, answer)


def on_answered(call, digits, caller):
    if digits == HOTLINE_KEY:
        return connect(call, Answer(call))
    return goodbye(call, Answer(call))


def ask_for_call_back(call, answer, caller):
    """Key 2: the help request is opened now, before anything else is said, so a hang-up loses nothing."""
    if call.help_request_id is None:
        # The number she is calling from, and only that one (the one whose blind index the call holds).
        if not call.caller_index or caller_index(caller) != call.caller_index:
            answer.say(prompts.NO_NUMBER)
            return ask_menu(call, answer)
        contact, _created = Contact.objects.get_or_create_for_phone(caller, language=call.language or FALLBACK)
        call.contact = contact
        help_request, _created = open_help_request(contact, source=HelpRequest.Source.VOICE)
        call.help_request = help_request
    go(call, Call.Step.CALLBACK)
    return ask_unsafe(call, answer)


def on_zip(call, digits, caller):
    answer = Answer(call)
    if digits == HOTLINE_KEY:
        return connect(call, answer)
    place = zip_place(digits) if len(digits) == 5 else None
    if place is None or place.state != "TX":
        if digits.isdigit():  # numbers she typed; not silence, a stray * or words she said
            answer.say(prompts.NOT_IN_TEXAS)
        return not_understood(call, answer)
    call.zip_code = place.zip_code
    call.heard_places = True
    go(call, Call.Step.PLACES)
    return tell_places(call, answer)


def on_places(call, digits, caller):
    answer = Answer(call)
    if digits == HOTLINE_KEY:
        return connect(call, answer)
    if digits == "1":
        return tell_places(call, answer)
    # Anything else, or nothing: back to the main menu (she has heard what she asked for).
    go(call, Call.Step.MENU)
    return ask_menu(call, answer)


def on_callback(call, digits, caller):
    answer = Answer(call)
    if digits == HOTLINE_KEY:
        return connect(call, answer)
    if digits == "1" and call.contact is not None:
        # Her open request (this call's) becomes urgent and on call is told; a retry changes nothing more.
        open_help_request(call.contact, source=HelpRequest.Source.VOICE, urgent=True)
        answer.say(prompts.MARKED_URGENT, prompts.EMERGENCY)
    return goodbye(call, answer)


HANDLERS = {
    Call.Step.LANGUAGE: on_language,
    Call.Step.MENU: on_menu,
    Call.Step.ZIP: on_zip,
    Call.Step.PLACES: on_places,
    Call.Step.CALLBACK: on_callback,
    Call.Step.CHECKIN: on_checkin,
    Call.Step.ANSWERED: on_answered,
}
