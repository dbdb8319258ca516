"""Texts go only to countries the portal serves (SMS_ALLOWED_REGIONS): the door toll fraud uses is shut."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from portal.core.forms import PhoneNumberField
from portal.core.phones import may_text
from portal.messaging import send_sms, texts
from portal.messaging.models import OutboundMessage
from portal.messaging.outbox import deliver
from portal.messaging.statuses import DeliveryStatus

MEXICO = "+525512345678"
JAMAICA = "+18768765432"  # a +1 number, but not in the United States
HOUSTON_FICTIONAL = "+17135550100"  # 555-01xx: possible, never assigned; counts as the US


@pytest.mark.parametrize(
    ("number", "allowed"), [(HOUSTON_FICTIONAL, True), ("+12145551234", True), (MEXICO, False), (JAMAICA, False)]
)
def test_only_numbers_in_allowed_countries_may_get_texts(number, allowed):
    assert may_text(number) is allowed


def test_an_operator_can_allow_another_country(settings):
    settings.SMS_ALLOWED_REGIONS = ["US", "MX"]
    assert may_text(MEXICO)
    assert not may_text(JAMAICA)


def test_forms_refuse_a_number_abroad_naming_the_countries_we_text():
    field = PhoneNumberField()
    assert field.clean("(713) 555-0100") == HOUSTON_FICTIONAL
    for number in (MEXICO, JAMAICA, "+44 7700 900123"):
        with pytest.raises(ValidationError) as refused:
            field.clean(number)
        assert refused.value.messages == [
            "We can only text numbers in the United States. Enter a number from there, like 713-555-0100."
        ]
    with pytest.raises(ValidationError) as refused:
        field.clean("12")
    assert refused.value.messages == ["Enter a phone number that can get texts, like 713-555-0100."]


@pytest.mark.parametrize(
    ("language", "country"),
    [
        ("es", "Estados Unidos"),
        ("vi", "Hoa Kỳ"),
        ("zh-hans", "美国"),
        ("ar", "الولايات المتحدة"),
        ("en", "United States"),
    ],
)
def test_the_countries_are_named_in_the_readers_language(settings, language, country):
    settings.SMS_ALLOWED_REGIONS = ["US", "PR"]
    with translation.override(language), pytest.raises(ValidationError) as refused:
        PhoneNumberField().clean(MEXICO)
    assert country in refused.value.messages[0]


def test_the_outbox_cancels_a_text_to_a_number_abroad(db, settings, django_capture_on_commit_callbacks):
    """Replies to an incoming text are queued for its sender: the outbox checks the country too."""
    settings.SMS_BACKEND = "portal.messaging.backends.locmem.LocmemBackend"
    message = send_sms(JAMAICA, texts.FREE_TEXT, {"text": "hello"}, language="en")
    assert deliver(message.pk) == str(DeliveryStatus.CANCELLED)
    message = OutboundMessage.objects.get(pk=message.pk)
    assert (message.status, message.error_code) == (DeliveryStatus.CANCELLED, "region")
