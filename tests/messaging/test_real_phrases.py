"""Texts as people really write them, in every portal language, and what each one does.

Written the way native speakers text: with and without accents, in capitals, with emoji and
typos, Arabic also in Latin letters. Each row says what the portal must make of it.
"""

import itertools

import pytest

from portal.checkins import words
from portal.messaging import keywords, send_sms, texts
from portal.messaging.inbound import receive_sms
from portal.messaging.models import Contact, HelpRequest, OutboundMessage
from portal.messaging.statuses import DeliveryStatus
from tests.messaging.conftest import make_contact

OPT_OUT, ASK, OPT_IN, URGENT, WRONG = "opt-out", "ask back", "opt-in", "urgent", "wrong number"
OK, CALL, PAUSE, PLAIN = "check-in ok", "check-in call", "check-in pause", "plain"

PHRASES = {
    "en": [
        ("STOP", OPT_OUT),
        ("stop", OPT_OUT),
        ("Stop.", OPT_OUT),
        ("STOPALL", OPT_OUT),
        ("unsubscribe", OPT_OUT),
        ("Cancel", OPT_OUT),
        ("END", OPT_OUT),
        ("quit", OPT_OUT),
        ("stop texting me", ASK),
        ("pls stop", ASK),
        ("I can't stop crying", PLAIN),
        ("START", OPT_IN),
        ("HELP", PLAIN),
        ("help me", URGENT),
        ("please help!!", URGENT),
        ("plz help me 😭", URGENT),
        ("SOS", URGENT),
        ("i need help now", URGENT),
        ("he has my passport, im in danger", URGENT),
        ("911", URGENT),
        ("wrong number", WRONG),
        ("Sorry, wrong number. Who is this?", WRONG),
        ("ok", OK),
        ("OK 👍", OK),
        ("yes", OK),
        ("im fine", OK),
        ("1", OK),
        ("call me", CALL),
        ("Call me after 6", CALL),
        ("2", CALL),
        ("3", URGENT),
        ("pause", PAUSE),
        ("ok but call me", PLAIN),
        ("I'll be at the store later", PLAIN),
        ("Do you know a lawyer?", PLAIN),
        ("I quit my job today", PLAIN),
        ("the end", ASK),
    ],
    "es": [
        ("ALTO", OPT_OUT),
        ("alto", OPT_OUT),
        ("Parar", OPT_OUT),
        ("basta", OPT_OUT),
        ("cancelar", OPT_OUT),
        ("no mas", OPT_OUT),
        ("NO MÁS", OPT_OUT),
        ("Baja", OPT_OUT),
        ("comenzar", OPT_IN),
        ("ayuda", URGENT),
        ("AYUDA!!", URGENT),
        ("ayúdenme", URGENT),
        ("ayudenme porfa", URGENT),
        ("ayudame 🙏", URGENT),
        ("auxilio", URGENT),
        ("socorro", URGENT),
        ("necesito ayuda ya", URGENT),
        ("estoy en peligro", URGENT),
        ("Hola, ayúdenme por favor", URGENT),
        ("número equivocado", WRONG),
        ("numero equivocado", WRONG),
        ("sí", OK),
        ("si", OK),
        ("Si claro", OK),
        ("estoy bien", OK),
        ("todo bien 👍", OK),
        ("bien", OK),
        ("llámame", CALL),
        ("llamame porfa", CALL),
        ("Me pueden llamar mañana?", CALL),
        ("pausa", PAUSE),
        ("¿Dónde queda la clínica?", PLAIN),
        ("Hola, ¿me pueden dar información de papeles?", PLAIN),
        ("gracias", PLAIN),
        ("alto ahí", ASK),
    ],
    "vi": [
        ("DỪNG", OPT_OUT),
        ("Dừng", OPT_OUT),
        ("dừng lại", OPT_OUT),
        ("ngừng", OPT_OUT),
        ("hủy", OPT_OUT),
        ("huỷ", OPT_OUT),
        ("Đúng", OK),
        ("đúng", OK),
        ("Đúng rồi", OK),
        ("Dùng", PLAIN),
        ("Có", OK),
        ("có", OK),
        ("co", OK),
        ("DUNG", ASK),
        ("dung", ASK),
        ("dung lai", ASK),
        ("ngừng nhắn đi", ASK),
        ("bắt đầu", OPT_IN),
        ("cứu tôi", URGENT),
        ("Cứu em với!!", URGENT),
        ("cuu toi voi", URGENT),
        ("giúp em với 😭", URGENT),
        ("khẩn cấp", URGENT),
        ("em đang gặp nguy hiểm", URGENT),
        ("nhầm số", WRONG),
        ("nham so roi", WRONG),
        ("Vâng", OK),
        ("dạ", OK),
        ("em ổn", OK),
        ("Tôi khỏe", OK),
        ("gọi cho em", CALL),
        ("goi cho toi nhe", CALL),
        ("tạm dừng", PAUSE),
        ("Chào chị, em muốn hỏi về giấy tờ", PLAIN),
        ("cảm ơn", PLAIN),
        ("Dùng thử", PLAIN),
    ],
    "zh-hans": [
        ("停止", OPT_OUT),
        ("退订", OPT_OUT),
        ("TD", OPT_OUT),
        ("td", OPT_OUT),
        ("取消订阅", OPT_OUT),
        ("别再发了", OPT_OUT),
        ("停止发送", ASK),
        ("开始", OPT_IN),
        ("救救我", URGENT),
        ("救命！", URGENT),
        ("救命啊", URGENT),
        ("快救我", URGENT),
        ("报警", URGENT),
        ("帮我报警", URGENT),
        ("帮帮我🙏", URGENT),
        ("我需要帮助", URGENT),
        ("很危险", URGENT),
        ("打错了", WRONG),
        ("你发错了吧", WRONG),
        ("好", OK),
        ("好的", OK),
        ("好的👌", OK),
        ("是的", OK),
        ("嗯", OK),
        ("我没事", OK),
        ("打电话", CALL),
        ("给我打电话吧", CALL),
        ("暂停", PAUSE),
        ("你好，我想问一下签证的事", PLAIN),
        ("谢谢", PLAIN),
        ("明天再说", PLAIN),
        ("1", OK),
    ],
    "ar": [
        ("توقف", OPT_OUT),
        ("إيقاف", OPT_OUT),
        ("ايقاف", OPT_OUT),
        ("أوقف", OPT_OUT),
        ("إلغاء", OPT_OUT),
        ("الغاء الاشتراك", OPT_OUT),
        ("ابدأ", OPT_IN),
        ("ساعدوني", URGENT),
        ("ساعدني", URGENT),
        ("ساعدوني بسرعة!!", URGENT),
        ("النجدة", URGENT),
        ("الحقوني", URGENT),
        ("انقذوني", URGENT),
        ("أنا في خطر", URGENT),
        ("محتاجة مساعدة ضروري", URGENT),
        ("sa3edni", URGENT),
        ("sa3douni plz", URGENT),
        ("رقم غلط", WRONG),
        ("الرقم خطأ", WRONG),
        ("نعم", OK),
        ("أيوه", OK),
        ("aywa", OK),
        ("بخير", OK),
        ("انا بخير", OK),
        ("تمام", OK),
        ("تمام 👍", OK),
        ("الحمد لله", OK),
        ("٢", CALL),
        ("اتصل بي", CALL),
        ("كلمني بعدين", CALL),
        ("١", OK),
        ("توقف مؤقت", PAUSE),
        ("السلام عليكم", PLAIN),
        ("شكرا", PLAIN),
        ("أين أقرب عيادة؟", PLAIN),
        ("وين المحامي", PLAIN),
    ],
}
CASES = [
    pytest.param(language, body, outcome, id=f"{language}-{body}")
    for language, rows in PHRASES.items()
    for body, outcome in rows
]
FROM_KEYWORD = {
    keywords.STOP: OPT_OUT,
    keywords.STOP_UNSURE: ASK,
    keywords.START: OPT_IN,
    keywords.URGENT_HELP: URGENT,
    keywords.WRONG_NUMBER: WRONG,
    keywords.CARRIER_HELP: PLAIN,
}
FROM_ANSWER = {words.OK: OK, words.CALL_ME: CALL, words.HELP_NOW: URGENT, words.PAUSE: PAUSE, None: PLAIN}


def outcome_of(body):
    keyword = keywords.match_keyword(body)
    if keyword is not None and keyword.action in FROM_KEYWORD:
        return FROM_KEYWORD[keyword.action]
    return FROM_ANSWER[words.parse(body)]


@pytest.mark.parametrize("language", PHRASES)
def test_at_least_thirty_real_phrases_per_language(language):
    assert len(PHRASES[language]) >= 30


@pytest.mark.parametrize(("language", "body", "outcome"), CASES)
def test_each_phrase_means_what_the_sender_meant(language, body, outcome):
    assert outcome_of(body) == outcome


_sids = itertools.count(1)


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["Đúng", "Dùng", "Có", "đúng rồi", "DUNG"])
def test_right_use_and_yes_in_vietnamese_never_unsubscribe(body, django_capture_on_commit_callbacks):
    contact = make_contact(language="vi")
    waiting = send_sms(contact, texts.FOLLOW_UP)
    with django_capture_on_commit_callbacks(execute=True):
        receive_sms(f"SM{next(_sids):032d}", contact.phone, body)
    contact.refresh_from_db()
    waiting.refresh_from_db()
    assert contact.opted_out_at is None
    assert waiting.status != DeliveryStatus.CANCELLED


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["救救我", "报警", "ساعدوني", "ayúdenme", "please help", "cứu tôi"])
def test_calls_for_help_open_an_urgent_request(body, django_capture_on_commit_callbacks):
    contact = make_contact()
    with django_capture_on_commit_callbacks(execute=True):
        receive_sms(f"SM{next(_sids):032d}", contact.phone, body)
    assert HelpRequest.objects.get(contact=contact).urgent


@pytest.mark.django_db
def test_a_reply_to_a_new_number_is_never_spanish_for_vietnamese(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        receive_sms("SM" + "9" * 32, "+17135550123", "Có")
    assert Contact.objects.for_phone("+17135550123").language == "vi"
    assert OutboundMessage.objects.get().language == "vi"
