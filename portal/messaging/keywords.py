"""What a whole incoming text means to the SMS layer, in every portal language.

The words themselves live in locale/<lang>/words.toml and are matched by portal.core.phrases.
STOP, START, HELP and the other opt-out and opt-in words count only as the whole message, as
carriers read them; a text that only looks like one ("stop texting me", "DUNG" without its
tone marks, which may be "dừng" stop or "đúng" right) is asked back and changes nothing.
HELP itself belongs to the carrier and cannot be repurposed (docs/safety.md), so urgent help uses
other words, which may appear anywhere in a message. Check-in answers are listed here only so
that they take their place in the order; portal.checkins.words reads them.
"""

from dataclasses import dataclass

from portal.core import phrases

STOP = "stop"
STOP_UNSURE = "stop_unsure"
START = "start"
CARRIER_HELP = "help"
LANGUAGE = "language"
URGENT_HELP = "urgent_help"
WRONG_NUMBER = "wrong_number"
YES = "yes"

# List name -> the action stored on the InboundMessage.
ACTIONS = {"stop": STOP, "start": START, "help": CARRIER_HELP, "language": LANGUAGE, "wrong_number": WRONG_NUMBER}
ACTIONS |= {"urgent": URGENT_HELP, "yes": YES}

# Checked in this order: stopping wins over everything, then the other whole-message words.
PLACEMENT = {
    "stop": phrases.WHOLE,
    "start": phrases.WHOLE,
    "help": phrases.WHOLE,
    "language": phrases.WHOLE,
    "wrong_number": phrases.ANYWHERE,
    "urgent": phrases.ANYWHERE,
    "yes": phrases.WHOLE,
    "ok": phrases.WHOLE,
    "pause": phrases.WHOLE,
    "call_me": phrases.START,
}


@dataclass(frozen=True)
class Keyword:
    action: str
    language: str | None


_matcher = phrases.Matcher(PLACEMENT)


def match_keyword(body):
    """The keyword a message is (or holds), STOP_UNSURE for a near miss, or None for ordinary text.

    Check-in answers (OK, call me, pause) give None here: they mean something only to someone
    waiting on a check-in, and portal.checkins reads them.
    """
    found = _matcher.match(body)
    if found is not None:
        action = ACTIONS.get(found.list)
        return Keyword(action, found.language) if action else None
    if _matcher.near(body, "stop"):
        return Keyword(STOP_UNSURE, None)
    return None


def is_carrier_word(body):
    """The English opt-out and opt-in words, which Twilio confirms itself."""
    text = phrases.plain(body)
    return any(text == phrases.plain(word) for name in ("stop", "start") for word in phrases.words("en", name))


def language_name(language):
    """The language's own name, as a person would text it to switch to it ("ESPAÑOL")."""
    return phrases.words(language, "language")[0].upper()
