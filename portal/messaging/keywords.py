"""The words a survivor can text, in every portal language, and how we recognise them.

Matching ignores case, accents, Arabic vowel and hamza marks, full-width forms and
punctuation: "Dừng", "DUNG" and "dung!" are the same word. STOP and START must be the whole
message (as carriers require); help and wrong-number words may also open a longer message.
HELP itself belongs to the carrier and cannot be repurposed (docs/safety.md), so urgent help
uses other agreed words.
"""

import re
import unicodedata
from dataclasses import dataclass

STOP = "stop"
START = "start"
URGENT_HELP = "urgent_help"
WRONG_NUMBER = "wrong_number"

KEYWORDS = {
    STOP: {
        # The carrier opt-out words (CTIA / Twilio Advanced Opt-Out), then their translations.
        "en": ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "OPT OUT", "REVOKE"],
        "es": ["ALTO", "PARAR", "PARE", "DETENER", "BASTA", "CANCELAR", "NO MÁS"],
        "vi": ["DỪNG", "DỪNG LẠI", "NGỪNG", "NGỪNG NHẮN"],
        "zh-hans": ["停止", "退订", "取消订阅"],
        "ar": ["توقف", "إيقاف", "إلغاء"],
    },
    START: {
        "en": ["START", "UNSTOP"],
        "es": ["COMENZAR", "INICIAR", "REANUDAR"],
        "vi": ["BẮT ĐẦU", "TIẾP TỤC"],
        "zh-hans": ["开始", "重新订阅"],
        "ar": ["ابدأ", "بدء", "استئناف"],
    },
    WRONG_NUMBER: {
        "en": ["WRONG NUMBER", "WRONG NUM", "WRONG PERSON"],
        "es": ["NÚMERO EQUIVOCADO", "EQUIVOCADO", "NÚMERO INCORRECTO"],
        "vi": ["NHẦM SỐ", "SAI SỐ", "NHẦM NGƯỜI"],
        "zh-hans": ["打错了", "发错了", "号码错了", "错号"],
        "ar": ["رقم خطأ", "الرقم خطأ", "رقم خاطئ"],
    },
    URGENT_HELP: {
        "en": ["NEED HELP", "I NEED HELP", "HELP ME", "SOS"],
        "es": ["AYUDA", "AYÚDAME", "NECESITO AYUDA", "SOCORRO", "AUXILIO"],
        "vi": ["CỨU", "CỨU TÔI", "CẦN GIÚP", "CẦN GIÚP ĐỠ", "TÔI CẦN GIÚP", "GIÚP TÔI"],
        "zh-hans": ["救命", "求助", "需要帮助", "帮帮我"],
        "ar": ["النجدة", "ساعدني", "أحتاج مساعدة", "مساعدة"],
    },
}
# Carriers only honour these when they are the entire message.
WHOLE_MESSAGE_ONLY = {STOP, START}
# Checked in this order: stopping wins over everything.
PRECEDENCE = [STOP, START, WRONG_NUMBER, URGENT_HELP]
# Words that mean the same in every language say nothing about which one the sender uses.
LANGUAGE_NEUTRAL = {"sos", "stop"}


@dataclass(frozen=True)
class Keyword:
    action: str
    language: str | None


def normalize(text):
    """Lower case, no accents or marks, punctuation as spaces, single spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.replace("đ", "d").replace("Đ", "D").replace("\u0640", "")  # Vietnamese đ, Arabic tatweel
    text = text.casefold()
    text = re.sub(r"[\W_]+", " ", text)
    return " ".join(text.split())


def _is_unspaced_script(phrase):
    """Chinese is written without spaces, so a phrase may run straight into the next word."""
    return any("\u4e00" <= char <= "\u9fff" for char in phrase)


def _table():
    table = []
    for action in PRECEDENCE:
        for language, words in KEYWORDS[action].items():
            for word in words:
                phrase = normalize(word)
                table.append((action, phrase, None if phrase in LANGUAGE_NEUTRAL else language))
    # Longer phrases first, so "necesito ayuda" is matched before "ayuda".
    return sorted(table, key=lambda row: (PRECEDENCE.index(row[0]), -len(row[1])))


TABLE = _table()


def match_keyword(body):
    """The keyword a message is, or starts with, or None for ordinary text."""
    text = normalize(body)
    if not text:
        return None
    for action, phrase, language in TABLE:
        if text == phrase:
            return Keyword(action, language)
        if action in WHOLE_MESSAGE_ONLY:
            continue
        if text.startswith(phrase + " ") or (_is_unspaced_script(phrase) and text.startswith(phrase)):
            return Keyword(action, language)
    return None


def guess_language(body):
    """A cheap guess at the language of ordinary text, from its script and marks; None if unsure."""
    text = body or ""
    if re.search(r"[\u0600-\u06ff]", text):
        return "ar"
    if re.search(r"[\u4e00-\u9fff]", text):
        return "zh-hans"
    # Horn (ơ, ư), hook above, dot below, circumflex, breve, a tilde on a vowel and đ: Vietnamese, not Spanish.
    if re.search(r"[\u031b\u0309\u0323\u0302đĐ]|[aA]\u0306|[aeiouyAEIOUY]\u0303", unicodedata.normalize("NFD", text)):
        return "vi"
    if re.search(r"[ñ¿¡áéíóú]", text.lower()):
        return "es"
    return None
