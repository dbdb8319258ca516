"""Calling the voice line the way Twilio does: signed form posts, and the TwiML read back."""

from dataclasses import dataclass
from itertools import count

from defusedxml import ElementTree as ET
from django.utils import translation

from tests.messaging.conftest import ACCOUNT_SID, post_signed

INBOUND = "/voice/inbound/"
PORTAL_NUMBER = "+15125550199"
CALLER = "+17135550177"  # 555-01xx numbers are reserved for fiction
_sids = count()


def new_sid():
    return f"CA{next(_sids):032d}"


def call_params(sid, caller=CALLER, **extra):
    """Twilio's parameters for a request of the call `sid`; an `extra` of None leaves that one out."""
    params = {
        "CallSid": sid,
        "AccountSid": ACCOUNT_SID,
        "From": caller,
        "To": PORTAL_NUMBER,
        "CallStatus": "in-progress",
        "Direction": "inbound",
        # Her carrier vouches for her number (full attestation), as for most callers; tests of forged or
        # unvouched caller IDs pass another value or None.
        "StirVerstat": "TN-Validation-Passed-A",
        **extra,
    }
    return {name: value for name, value in params.items() if value is not None}


@dataclass
class Heard:
    """A TwiML answer: what was said (language, words) and what the call does next."""

    root: object  # an ElementTree element

    @property
    def says(self):
        return [(say.get("language"), say.text or "") for say in self.root.iter("Say")]

    @property
    def text(self):
        return " ".join(words for _language, words in self.says)

    @property
    def languages(self):
        return {language for language, _words in self.says}

    @property
    def gather(self):
        return self.root.find("Gather")

    def has(self, verb):
        return self.root.find(verb) is not None


def answer_of(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/xml")
    assert b"<Record" not in response.content  # nothing a caller says is ever recorded
    return Heard(ET.fromstring(response.content))


def call_in(client, sid, caller=CALLER, **extra):
    return answer_of(post_signed(client, INBOUND, call_params(sid, caller, **extra)))


def press(client, sid, step, digits=None, caller=CALLER, page=None, **extra):
    """A key (or silence) at `step`; `page` for a later page of the first menu (?page=, as signed)."""
    if digits is not None:
        extra["Digits"] = digits
    path = f"/voice/step/{step}/" + (f"?page={page}" if page else "")
    return answer_of(post_signed(client, path, call_params(sid, caller, **extra)))


def said(prompt, language, /, **context):
    """The words of `prompt` in `language`, as the line says them."""
    with translation.override(language):
        text = str(prompt)
    return text % context if context else text
