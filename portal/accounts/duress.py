"""Forced to sign in: the second PIN, the stand-in area it opens, and the silent alert it raises.

A survivor may be made to sign in by the person who controls her. If she gives her second PIN
instead of her PIN, the sign-in looks and takes the same as any other (same checks, same floor,
same session cookie), but the session carries a duress flag. From then on `survivor_required`
(survivor_auth.py), the one gate of every survivor page, answers with the page's stand-in
(registered here with `@stand_in("my:...")` by the app that owns the page) instead of the real
view: a dull, harmless area in her language that reads and writes none of her real data. What a
stand-in page "saves" lives only in the server-side session, so the area behaves like a real one
and is gone at sign-out. A page without a stand-in sends a duress session to the start page.

At the same moment her organisation gets an urgent item in the help queue, and the on-call email,
naming only "duress" and the time. Nothing is texted to her phone and nothing is logged.
"""

import secrets
from functools import cache

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone, translation

from portal.core import phrases
from portal.messaging.help_requests import OPEN_STATUSES, mark_conversation_urgent, open_conversation
from portal.messaging.models import HelpRequest

from .models import DuressSignal

REAL = "real"
DURESS = "duress"

_stand_ins = {}


def stand_in(view_name):
    """Register `view(request, profile, **kwargs)` as what a duress session sees at `view_name`."""

    def register(view):
        _stand_ins[view_name] = view
        return view

    return register


def stand_in_for(view_name):
    return _stand_ins.get(view_name)


def registered_stand_ins():
    return dict(_stand_ins)


STATE_KEY = "stand_in"


def stand_in_state(request, name, default=None):
    """What a stand-in page "saved" earlier in this session (server-side only, gone at sign-out)."""
    return request.session.get(STATE_KEY, {}).get(name, default)


def keep_stand_in_state(request, name, value):
    request.session[STATE_KEY] = {**request.session.get(STATE_KEY, {}), name: value}


@cache
def _hash_of_nothing():
    """A real hash of a secret nobody types, so a missing PIN costs the same check as a set one."""
    return make_password(secrets.token_urlsafe(32))


def which_pin(profile, pin):
    """REAL, DURESS or None. Both hashes are always checked, so the answer takes the same work."""
    real = check_password(pin, profile.pin_hash or _hash_of_nothing())
    duress = check_password(pin, profile.duress_pin_hash or _hash_of_nothing())
    if real and profile.pin_hash:
        return REAL
    if duress and profile.duress_pin_hash:
        return DURESS
    return None


def is_duress_word(profile, body):
    """True when a text is her duress word and nothing else (accents, case and spacing aside)."""
    word = phrases.plain(profile.duress_word)
    return bool(word) and phrases.plain(body) == word


ON_CALL_SUBJECT = "Duress alert: urgent"


@transaction.atomic
def raise_duress_alert(profile, source):
    """The silent alert: an urgent duress item in her organisation's help queue, and the on-call email.

    One open duress item per person (a second signal joins it and emails again); each signal is
    its own row, so her record lists every one. Nothing goes to her phone.
    """
    contact = profile.contact
    conversation, _created = open_conversation(contact)
    help_request = contact.help_requests.filter(status__in=OPEN_STATUSES, kind=HelpRequest.Kind.DURESS).first()
    via = HelpRequest.Source.WEB if source == DuressSignal.Source.SIGN_IN else HelpRequest.Source.SMS
    if help_request is None:
        help_request = HelpRequest.objects.create(
            contact=contact, conversation=conversation, source=via, kind=HelpRequest.Kind.DURESS, urgent=True
        )
    signal = DuressSignal.objects.create(survivor=profile, source=source, help_request=help_request)
    mark_conversation_urgent(conversation, notice=(ON_CALL_SUBJECT, on_call_opening(source, signal.created_at)))
    return signal


def on_call_opening(source, when):
    """What happened and when: no name, number or organisation (the email leaves the portal)."""
    with translation.override("en"):
        what = str(DuressSignal.Source(source).label)
        at = timezone.localtime(when).strftime("%Y-%m-%d %H:%M %Z")
    return (
        f"{what} at {at}. A survivor may be forced or watched right now.\n"
        "Do not text back unless a safe channel is agreed. Follow your organization's protocol."
    )
