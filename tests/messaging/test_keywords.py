"""Every keyword, in every language, as written and without accents or capitals, through the webhook."""

import unicodedata

import pytest
from django.core import mail
from django.utils import timezone

from portal.core import phrases
from portal.core.language_guess import guess_language
from portal.messaging import send_sms, texts
from portal.messaging.keywords import START, STOP, STOP_UNSURE, URGENT_HELP, WRONG_NUMBER, match_keyword
from portal.messaging.models import Contact, HelpRequest, InboundMessage, OutboundMessage
from portal.messaging.statuses import DeliveryStatus
from tests.messaging.conftest import HOUSTON, inbound_params, make_contact, post_signed

pytestmark = pytest.mark.django_db

LISTS = {"stop": STOP, "start": START, "wrong_number": WRONG_NUMBER, "urgent": URGENT_HELP}


def strip_accents(word):
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def variants(word, language):
    """The word as listed, shouted with punctuation, and (where marks do not matter) bare."""
    found = {word, f"  {word.upper()}!! "}
    if not phrases.rules(language).marks_matter:
        found.add(strip_accents(word).lower())
    return sorted(found)


CASES = [
    pytest.param(action, language, variant, id=f"{action}-{language}-{variant.strip()}")
    for name, action in LISTS.items()
    for language in phrases.languages()
    for word in phrases.words(language, name)
    for variant in variants(word, language)
]


def text_in(client, capture, body, sender=HOUSTON):
    with capture(execute=True):
        response = post_signed(client, "/sms/inbound/", inbound_params(body, sender=sender))
    assert response.status_code == 200
    return InboundMessage.objects.order_by("-pk").first()


@pytest.mark.parametrize(("action", "language", "body"), CASES)
def test_every_keyword_in_every_language(
    client, sms_outbox, django_capture_on_commit_callbacks, action, language, body
):
    contact = make_contact()
    if action == START:
        Contact.objects.filter(pk=contact.pk).update(opted_out_at=timezone.now(), wrong_number_at=timezone.now())
    waiting = send_sms(contact, texts.FOLLOW_UP)  # queued earlier, not sent yet

    inbound = text_in(client, django_capture_on_commit_callbacks, body)
    contact.refresh_from_db()
    waiting.refresh_from_db()
    assert inbound.keyword == action

    if action == STOP:
        assert contact.opted_out_at is not None
        assert waiting.status == DeliveryStatus.CANCELLED
        carrier = phrases.plain(body) in {phrases.plain(word) for word in phrases.words("en", "stop")}
        # Twilio confirms its own STOP words; we confirm the translated ones, once, in that language.
        confirmations = OutboundMessage.objects.filter(purpose=OutboundMessage.Purpose.OPT_OUT_CONFIRMATION)
        assert confirmations.count() == (0 if carrier else 1)
        if not carrier:
            assert confirmations.get().language == language
            assert len(sms_outbox) == 1
    elif action == START:
        assert contact.opted_out_at is None
        assert contact.wrong_number_at is None
    elif action == WRONG_NUMBER:
        assert contact.wrong_number_at is not None
        assert waiting.status == DeliveryStatus.CANCELLED
        assert sms_outbox == []  # not even a reply
        assert inbound.conversation is not None  # flagged in the advocate's queue
    elif action == URGENT_HELP:
        help_request = HelpRequest.objects.get(contact=contact)
        assert help_request.urgent
        assert help_request.status == HelpRequest.Status.URGENT
        assert help_request.source == HelpRequest.Source.SMS
        assert [m.to for m in mail.outbox] == [["oncall@example.org"]]
        assert HOUSTON not in mail.outbox[0].body
        assert body.strip().lower() in "an urgent help request" or body.strip() not in mail.outbox[0].body
        reply = OutboundMessage.objects.get(purpose=OutboundMessage.Purpose.REPLY)
        assert reply.template == texts.TEXT_RECEIVED


@pytest.mark.parametrize(
    ("written", "same_as"),
    [
        ("ＳＴＯＰ", "stop"),
        ("إيقاف", "ايقاف"),
        ("número equivocado!", "NUMERO EQUIVOCADO"),
        ("Stop.", "stop"),
        ("Dừng", "DỪNG"),
    ],
)
def test_matching_ignores_case_width_and_punctuation_and_accents_where_they_do_not_matter(written, same_as):
    assert match_keyword(written) == match_keyword(same_as) is not None


@pytest.mark.parametrize("body", ["Đúng", "Dùng", "Có", "đúng rồi", "I can't stop thinking", "HELP", "INFO", ""])
def test_words_that_only_look_like_stop_do_nothing(body):
    keyword = match_keyword(body)
    assert keyword is None or keyword.action not in (STOP, STOP_UNSURE)


@pytest.mark.parametrize(
    "body", ["DUNG", "dung", "dung lai", "stop texting me", "please stop", "ngừng nhắn đi", "停止发送"]
)
def test_a_near_miss_is_asked_back_not_acted_on(body):
    assert match_keyword(body).action == STOP_UNSURE


def test_help_words_may_sit_anywhere_in_a_longer_message():
    assert match_keyword("Hola, necesito ayuda, estoy en Houston").action == URGENT_HELP
    assert match_keyword("快救救我").action == URGENT_HELP
    assert match_keyword("who is this? wrong number").action == WRONG_NUMBER


def test_an_unsure_stop_asks_back_and_changes_nothing(client, sms_outbox, django_capture_on_commit_callbacks):
    contact = make_contact()
    waiting = send_sms(contact, texts.FOLLOW_UP)
    inbound = text_in(client, django_capture_on_commit_callbacks, "DUNG")
    contact.refresh_from_db()
    waiting.refresh_from_db()
    assert inbound.keyword == STOP_UNSURE
    assert contact.opted_out_at is None
    assert waiting.status != DeliveryStatus.CANCELLED
    assert OutboundMessage.objects.filter(template=texts.STOP_QUESTION).count() == 1
    assert "STOP" in OutboundMessage.objects.get(template=texts.STOP_QUESTION).body


def test_stop_opts_out_of_everything_and_start_opts_back_in(client, sms_outbox, django_capture_on_commit_callbacks):
    contact = make_contact()
    text_in(client, django_capture_on_commit_callbacks, "STOP")
    contact.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_sms(contact, texts.CHECK_IN).status == DeliveryStatus.CANCELLED
    text_in(client, django_capture_on_commit_callbacks, "START")
    contact.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        message = send_sms(contact, texts.CHECK_IN)
    message.refresh_from_db()
    assert message.status == DeliveryStatus.SUBMITTED
    assert [sms.body for sms in sms_outbox] == [message.body]


def test_text_from_an_unknown_number_opens_a_help_request_in_its_language(
    client, sms_outbox, django_capture_on_commit_callbacks
):
    text_in(client, django_capture_on_commit_callbacks, "Hola, ¿me pueden ayudar con mis papeles?")
    help_request = HelpRequest.objects.get()
    assert not help_request.urgent
    assert help_request.status == HelpRequest.Status.NEW
    assert help_request.message == "Hola, ¿me pueden ayudar con mis papeles?"
    assert help_request.contact.language == "es"
    reply = OutboundMessage.objects.get()
    assert reply.language == "es"
    assert reply.is_prompt_reply
    assert len(sms_outbox) == 1
    assert mail.outbox == []  # not urgent: no on-call email


def test_text_from_someone_with_an_open_conversation_joins_it(client, sms_outbox, django_capture_on_commit_callbacks):
    first = text_in(client, django_capture_on_commit_callbacks, "I need a lawyer")
    second = text_in(client, django_capture_on_commit_callbacks, "It is about my visa")
    assert HelpRequest.objects.count() == 1
    assert second.conversation == first.conversation
    assert len(sms_outbox) == 1  # one acknowledgement, then the advocate answers


def test_an_urgent_word_escalates_the_open_request_instead_of_opening_another(
    client, django_capture_on_commit_callbacks
):
    text_in(client, django_capture_on_commit_callbacks, "I need a lawyer")
    text_in(client, django_capture_on_commit_callbacks, "SOS")
    help_request = HelpRequest.objects.get()
    assert help_request.urgent and help_request.status == HelpRequest.Status.URGENT
    assert help_request.conversation.urgent
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("مرحبا", "ar"),
        ("sa3edni plz", "ar"),
        ("你好", "zh-hans"),
        ("Tôi cần giúp đỡ", "vi"),
        ("Có", "vi"),
        ("toi can giup, cam on", "vi"),
        ("¿Dónde estás?", "es"),
        ("Hola necesito ayuda con mis papeles", "es"),
        ("hello, can you help me", "en"),
        ("77002", None),
    ],
)
def test_the_language_guess_reads_scripts_marks_and_common_words(body, language):
    assert guess_language(body) == language


# Each language's own letters and words (its words.toml [detect]); a language not in settings is never guessed.
NEWER = [
    ("도와주세요", "ko"),
    ("這是我的電話", "zh-hant"),
    ("你好", "zh-hans"),  # characters both scripts share: the first Chinese of settings
    ("Bonjour, j'ai besoin d'aide", "fr"),
    ("Ça va", "fr"),
    ("Olá, não sei o que fazer", "pt-br"),
    ("obrigada", "pt-br"),
    ("kailangan ko po ng tulong", "tl"),
]


@pytest.mark.parametrize(("body", "language"), [case for case in NEWER if case[1] in phrases.languages()])
def test_the_language_guess_reads_each_languages_detect_table(body, language):
    assert guess_language(body) == language


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("Necesito un abogado para mis papeles", "es"),
        ("Có", "vi"),
        ("I need a lawyer", "en"),
        ("我需要律师", "zh-hans"),
    ],
)
def test_a_new_number_is_answered_in_the_language_it_wrote_and_told_how_to_switch(
    client, sms_outbox, django_capture_on_commit_callbacks, body, language
):
    text_in(client, django_capture_on_commit_callbacks, body)
    contact = Contact.objects.for_phone(HOUSTON)
    reply = OutboundMessage.objects.get(contact=contact)
    assert contact.language == reply.language == language
    assert reply.template == texts.TEXT_RECEIVED_NEW
    assert ("ESPAÑOL" if language == "en" else "ENGLISH") in reply.body


def test_a_language_word_switches_the_number(client, sms_outbox, django_capture_on_commit_callbacks):
    contact = make_contact()
    text_in(client, django_capture_on_commit_callbacks, "Español")
    contact.refresh_from_db()
    assert contact.language == "es"
    assert OutboundMessage.objects.get().language == "es"
