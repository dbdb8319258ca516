"""Every keyword, in every language, as written and without accents or capitals, through the webhook."""

import unicodedata

import pytest
from django.core import mail
from django.utils import timezone

from portal.messaging import keywords, send_sms, texts
from portal.messaging.keywords import KEYWORDS, START, STOP, URGENT_HELP, WRONG_NUMBER, match_keyword, normalize
from portal.messaging.models import Contact, HelpRequest, InboundMessage, OutboundMessage
from portal.messaging.statuses import DeliveryStatus
from tests.messaging.conftest import HOUSTON, inbound_params, make_contact, post_signed

pytestmark = pytest.mark.django_db


def strip_accents(word):
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def variants(word):
    """The word as listed, in lower case without accents, and shouted with punctuation."""
    return sorted({word, strip_accents(word).lower(), f"  {word.upper()}!! "})


CASES = [
    pytest.param(action, language, variant, id=f"{action}-{language}-{variant.strip()}")
    for action, by_language in KEYWORDS.items()
    for language, words in by_language.items()
    for word in words
    for variant in variants(word)
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
        carrier = normalize(body) in {normalize(word) for word in KEYWORDS[STOP]["en"]}
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
        assert HOUSTON not in mail.outbox[0].body and body.strip() not in mail.outbox[0].body
        reply = OutboundMessage.objects.get(purpose=OutboundMessage.Purpose.REPLY)
        assert reply.template == texts.TEXT_RECEIVED


def test_every_language_has_every_kind_of_keyword():
    for action in (STOP, START, WRONG_NUMBER, URGENT_HELP):
        assert set(KEYWORDS[action]) == {"en", "es", "vi", "zh-hans", "ar"}


@pytest.mark.parametrize(
    ("written", "same_as"),
    [
        ("Dừng", "DUNG"),
        ("ＳＴＯＰ", "stop"),
        ("إيقاف", "ايقاف"),
        ("número equivocado!", "NUMERO EQUIVOCADO"),
        ("Stop.", "stop"),
    ],
)
def test_matching_ignores_case_accents_marks_and_punctuation(written, same_as):
    assert normalize(written) == normalize(same_as)
    assert match_keyword(written) == match_keyword(same_as) is not None


@pytest.mark.parametrize(
    "body", ["stop texting me at work", "please start", "I can't stop thinking", "HELP", "INFO", ""]
)
def test_stop_and_start_count_only_as_the_whole_message_and_help_stays_the_carriers(body):
    assert match_keyword(body) is None


def test_help_words_may_open_a_longer_message():
    assert match_keyword("Necesito ayuda, estoy en Houston").action == URGENT_HELP
    assert match_keyword("救命啊").action == URGENT_HELP
    assert match_keyword("wrong number, who is this?").action == WRONG_NUMBER


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


def test_the_language_guess_reads_scripts_and_marks():
    assert keywords.guess_language("مرحبا") == "ar"
    assert keywords.guess_language("你好") == "zh-hans"
    assert keywords.guess_language("Tôi cần giúp đỡ") == "vi"
    assert keywords.guess_language("¿Dónde estás?") == "es"
    assert keywords.guess_language("hello") is None
