"""A text conversation in every language of settings, through the signed webhook: a new number asks
the directory by text and gets its answer in the language it wrote in, then opts out with its
language's carrier word and is told so in that language. (Check-in answers in every language go
through the same webhook in tests/checkins/test_replies.py.)"""

import pytest
import time_machine
from django.conf import settings

from portal.core import phrases
from portal.directory.sms_templates import DIRECTORY_NONE, DIRECTORY_RESULTS
from portal.messaging import texts
from portal.messaging.models import Contact, OutboundMessage
from tests.conftest import LANGUAGE_CODES
from tests.messaging.conftest import inbound_params, post_signed

pytestmark = pytest.mark.django_db
# Noon on a Monday in Houston: what is open now does not depend on when the suite runs.
MONDAY_NOON_CENTRAL = "2026-11-23 18:00:00+00:00"
NUMBERS = {language: f"+1713555{2100 + number:04d}" for number, language in enumerate(LANGUAGE_CODES)}


def text_in(client, capture, body, sender):
    with capture(execute=True):
        assert post_signed(client, "/sms/inbound/", inbound_params(body, sender=sender)).status_code == 200
    return OutboundMessage.objects.filter(contact=Contact.objects.for_phone(sender))


@time_machine.travel(MONDAY_NOON_CENTRAL, tick=False)
@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_directory_by_text_then_stop_in_each_language(client, sms_outbox, django_capture_on_commit_callbacks, language):
    phone = NUMBERS[language]
    housing = phrases.words(language, "housing", "directory")[0]

    replies = text_in(client, django_capture_on_commit_callbacks, f"{housing} 77002", phone)
    answer = replies.get(template__in=[DIRECTORY_RESULTS, DIRECTORY_NONE])
    assert answer.language == language and "77002" in answer.body

    stop = phrases.words(language, "stop")[0]
    replies = text_in(client, django_capture_on_commit_callbacks, stop, phone)
    assert Contact.objects.for_phone(phone).opted_out_at is not None
    if language == settings.LANGUAGE_CODE:  # the carrier confirms its own English STOP words
        assert not replies.filter(template=texts.OPTED_OUT).exists()
        return
    confirmation = replies.get(template=texts.OPTED_OUT)
    assert confirmation.language == language
    assert [sms.body for sms in sms_outbox][-1] == confirmation.body
