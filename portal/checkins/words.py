"""What a reply to a check-in means, in every portal language: a digit, words or an emoji.

The words are the "urgent", "call_me", "ok", "yes" and "pause" lists of locale/<lang>/words.toml,
matched by portal.core.phrases (Vietnamese tone marks count: "Đúng" is yes, "Dừng" is stop and
never reaches us). Emoji are read before the words, since matching drops them. Help words may
appear anywhere, call words may open a longer reply; OK and pause words must be the whole reply
(anything longer is read by a person). If a reply could mean two things, the safer one wins:
help now, then call me, then OK.
"""

from portal.core import phrases

OK = "ok"
CALL_ME = "call_me"
HELP_NOW = "help_now"
PAUSE = "pause"

# The numbers the scheduled check-in text offers ("Reply 1 if you're OK...").
DIGITS = {"1": OK, "2": CALL_ME, "3": HELP_NOW}
# List of the words files -> (meaning, where it counts); in order of precedence.
LISTS = {
    "urgent": (HELP_NOW, phrases.ANYWHERE),
    "call_me": (CALL_ME, phrases.START),
    "ok": (OK, phrases.WHOLE),
    "yes": (OK, phrases.WHOLE),
    "pause": (PAUSE, phrases.WHOLE),
}
EMOJI = {
    OK: {"👍", "👌", "✅", "🙂", "😊", "😀", "👋"},
    CALL_ME: {"📞", "☎", "📱", "🤙"},
    HELP_NOW: {"🆘", "🚨", "‼", "❗"},
}
PRECEDENCE = [HELP_NOW, CALL_ME, OK, PAUSE]
# Variation selectors, zero-width joiner and skin tones do not change what an emoji means.
EMOJI_NOISE = {"\ufe0f", "\ufe0e", "\u200d", *(chr(code) for code in range(0x1F3FB, 0x1F400))}

_matcher = phrases.Matcher({name: where for name, (_meaning, where) in LISTS.items()})


def _emoji_meaning(body):
    marks = {char for char in body if char not in EMOJI_NOISE and not char.isspace()}
    for meaning in PRECEDENCE:
        if marks & EMOJI.get(meaning, set()):
            return meaning
    return None


def parse(body):
    """OK, CALL_ME, HELP_NOW, PAUSE or None (ordinary text)."""
    text = phrases.plain(body)
    if not text:
        return _emoji_meaning(body or "")
    if text in DIGITS:
        return DIGITS[text]
    found = _matcher.match(body)
    if found is not None:
        return LISTS[found.list][0]
    if len(text.split()) <= 2:
        return _emoji_meaning(body)
    return None
