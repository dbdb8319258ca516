"""What a reply to a check-in means, in every portal language: digits, words or an emoji.

Matching reuses messaging's `normalize` (case, accents and marks ignored), so "Llámame",
"LLAMAME" and "llamame!" are one word. Emoji are read before normalising, since
normalising turns them into spaces. Help and call words may open a longer reply; OK and
pause words must be the whole reply (anything longer is read by a person). If a reply could
mean two things, the safer one wins: help now, then call me, then OK.
"""

import unicodedata

from portal.messaging import keywords

OK = "ok"
CALL_ME = "call_me"
HELP_NOW = "help_now"
PAUSE = "pause"

WORDS = {
    HELP_NOW: {
        "en": ["3", "HELP NOW", "NEED HELP", "I NEED HELP", "HELP ME", "SOS", "URGENT", "EMERGENCY", "DANGER"],
        "es": ["AYUDA", "AYUDA YA", "AYÚDAME", "NECESITO AYUDA", "SOCORRO", "AUXILIO", "URGENTE", "PELIGRO"],
        "vi": ["CỨU", "CỨU TÔI", "CẦN GIÚP", "CẦN GIÚP ĐỠ", "GIÚP TÔI", "KHẨN CẤP", "NGUY HIỂM"],
        "zh-hans": ["救命", "求助", "需要帮助", "帮帮我", "紧急", "危险"],
        "ar": ["النجدة", "ساعدني", "أحتاج مساعدة", "مساعدة", "طوارئ", "خطر"],
    },
    CALL_ME: {
        "en": ["2", "CALL", "CALL ME", "PLEASE CALL", "PLEASE CALL ME"],
        "es": ["LLÁMAME", "LLAMAME", "LLAMAR", "LLAMADA", "LLÁMENME", "POR FAVOR LLÁMAME"],
        "vi": ["GỌI", "GỌI TÔI", "GỌI CHO TÔI", "HÃY GỌI"],
        "zh-hans": ["打电话", "给我打电话", "请打电话", "电话"],
        "ar": ["اتصل", "اتصل بي", "اتصلوا بي", "اتصال"],
    },
    OK: {
        "en": ["1", "OK", "OKAY", "I'M OK", "IM OK", "I AM OK", "FINE", "GOOD", "ALL GOOD", "YES"],
        "es": ["BIEN", "ESTOY BIEN", "TODO BIEN", "SÍ", "SI", "VALE"],
        "vi": ["ỔN", "TÔI ỔN", "KHỎE", "TÔI KHỎE", "ĐƯỢC", "CÓ"],
        "zh-hans": ["好", "好的", "我很好", "很好", "没事", "我没事", "可以"],
        "ar": ["بخير", "أنا بخير", "تمام", "نعم", "حسنا"],
    },
    PAUSE: {
        "en": ["PAUSE", "PAUSE CHECK INS"],
        "es": ["PAUSA", "PAUSAR"],
        "vi": ["TẠM DỪNG", "TẠM NGỪNG"],
        "zh-hans": ["暂停"],
        "ar": ["إيقاف مؤقت", "توقف مؤقت"],
    },
}
EMOJI = {
    OK: {"👍", "👌", "✅", "🙂", "😊", "😀", "👋"},
    CALL_ME: {"📞", "☎", "📱", "🤙"},
    HELP_NOW: {"🆘", "🚨", "‼", "❗"},
}
PRECEDENCE = [HELP_NOW, CALL_ME, OK, PAUSE]
# "OK but call me" is not OK: these count only as the whole reply; anything longer goes to a person.
WHOLE_REPLY_ONLY = {OK, PAUSE}
# Variation selectors, zero-width joiner and skin tones do not change what an emoji means.
EMOJI_NOISE = {"\ufe0f", "\ufe0e", "\u200d", *(chr(code) for code in range(0x1F3FB, 0x1F400))}


def _ascii_digits(text):
    """Arabic-Indic and other script digits as 0-9, so "٣" is 3."""
    return "".join(str(digit) if (digit := unicodedata.decimal(char, None)) is not None else char for char in text)


def _table():
    rows = [
        (meaning, keywords.normalize(_ascii_digits(word)))
        for meaning in PRECEDENCE
        for words in WORDS[meaning].values()
        for word in words
    ]
    return sorted(rows, key=lambda row: (PRECEDENCE.index(row[0]), -len(row[1])))


TABLE = _table()


def _emoji_meaning(body):
    marks = {char for char in body if char not in EMOJI_NOISE and not char.isspace()}
    for meaning in PRECEDENCE:
        if marks & EMOJI.get(meaning, set()):
            return meaning
    return None


def parse(body):
    """OK, CALL_ME, HELP_NOW, PAUSE or None (ordinary text). A longer text may start with the word."""
    text = keywords.normalize(_ascii_digits(body or ""))
    if not text:
        return _emoji_meaning(body or "")
    for meaning, phrase in TABLE:
        if text == phrase:
            return meaning
        if meaning in WHOLE_REPLY_ONLY:
            continue
        if text.startswith(phrase + " ") or (_unspaced(phrase) and text.startswith(phrase)):
            return meaning
    if len(text.split()) <= 2:
        return _emoji_meaning(body)
    return None


def _unspaced(phrase):
    return any("\u4e00" <= char <= "\u9fff" for char in phrase)
