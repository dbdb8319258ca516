"""/<lang>/help/: an anonymous form that answers the same way for every number, within limits."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone, translation
from django.utils.translation import gettext

from portal.messaging import texts
from portal.messaging.models import Contact, HelpRequest, OutboundMessage
from tests.conftest import LANGUAGE_CODES
from tests.messaging.conftest import HOUSTON, make_contact

pytestmark = pytest.mark.django_db
NOON = datetime(2025, 3, 4, 12, 0, tzinfo=ZoneInfo("America/Chicago"))
LABELS = [
    "Phone number for texts",
    "What kind of help do you need?",
    "Language for texts",
    "Your time zone",
    "When is it safe to text you?",
    "Can our texts say who we are?",
    "Code word (optional)",
    "Anything else we should know? (optional)",
]


def answers(**changes):
    return {
        "phone": "(713) 555-0100",
        "kind": "legal",
        "language": "es",
        "time_zone": "America/Denver",
        "safe_time": "morning",
        "may_identify": "no",
        "code_word": "Bluebonnet",
        "message": "I have questions about my visa",
        **changes,
    }


@pytest.fixture(autouse=True)
def at_noon():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_the_form_shows_every_field_with_a_visible_label(client, language):
    response = client.get(f"/{language}/help/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-quick-exit" in html
    assert f'<html lang="{language}"' in html
    for field in ("phone", "kind", "language", "time_zone", "safe_time", "may_identify", "code_word", "message"):
        assert f'<label for="id_{field}">' in html
    assert f'<option value="{language}" selected>' in html  # texts in the page's language by default
    assert "no-store" in response["Cache-Control"]


def test_labels_are_the_plain_words_we_promised(client):
    html = client.get("/en/help/").content.decode()
    for label in LABELS:
        assert label.replace("'", "&#x27;") in html


def test_a_request_is_recorded_and_confirmed_discreetly(client, sms_outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/help/", answers())
    assert response.status_code == 302
    assert response["Location"] == "/en/help/sent/"

    contact = Contact.objects.for_phone(HOUSTON)
    assert contact.language == "es"
    assert contact.time_zone == "America/Denver"
    assert (contact.safe_hours_start, contact.safe_hours_end) == (time(9), time(12))
    assert contact.code_word == "Bluebonnet"
    assert not contact.may_identify
    help_request = HelpRequest.objects.get()
    assert (help_request.kind, help_request.source, help_request.status) == ("legal", "web", "new")
    assert help_request.message == "I have questions about my visa"

    confirmation = OutboundMessage.objects.get()
    assert confirmation.purpose == OutboundMessage.Purpose.HELP_CONFIRMATION
    assert confirmation.language == "es"
    # 12:00 Central is 11:00 in El Paso: inside the chosen morning, so it went at once.
    [sms] = sms_outbox
    assert sms.to == HOUSTON
    assert sms.body.startswith("Bluebonnet: ")
    for telltale in ("legal", "visa", "traffick", "http", "Community Resources"):
        assert telltale.lower() not in sms.body.lower()


def test_the_confirmation_waits_for_the_chosen_time(client, sms_outbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/help/", answers(safe_time="evening", time_zone="America/Chicago"))
    assert sms_outbox == []
    assert OutboundMessage.objects.get().next_attempt_at == NOON.replace(hour=17)


def test_known_and_unknown_numbers_get_the_same_answer(client, django_capture_on_commit_callbacks):
    make_contact("+17135550111", opted_out_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/en/help/", answers(phone="713-555-0111"))
        unknown = client.post("/en/help/", answers(phone="713-555-0112"))
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert known.content == unknown.content
    assert client.get(known["Location"]).content == client.get(unknown["Location"]).content


def test_the_form_cannot_change_how_we_text_a_number_we_already_know(client, django_capture_on_commit_callbacks):
    contact = make_contact(code_word="Pecan", language="vi", may_identify=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/help/", answers(code_word="Gotcha", may_identify="yes", language="en"))
    contact.refresh_from_db()
    assert (contact.code_word, contact.language, contact.may_identify) == ("Pecan", "vi", False)
    assert all(message.body.startswith("Pecan: ") for message in OutboundMessage.objects.all())
    assert {message.language for message in OutboundMessage.objects.all()} == {"vi"}


def test_a_burst_cannot_make_us_text_one_number_more_than_a_few_times(
    client, settings, sms_outbox, django_capture_on_commit_callbacks
):
    limit, _window = settings.SMS_HELP_FORM_LIMITS["per_phone"]
    responses = []
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(limit + 5):
            # A different address each time: only the per-number limit applies.
            responses.append(client.post("/en/help/", answers(), REMOTE_ADDR=f"10.0.0.{number}"))
    assert {response.status_code for response in responses} == {302}
    assert len(sms_outbox) == limit
    assert HelpRequest.objects.count() == 1  # repeats join the open request


def test_one_address_cannot_flood_the_form(client, settings, django_capture_on_commit_callbacks):
    limit, _window = settings.SMS_HELP_FORM_LIMITS["per_ip"]
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post("/en/help/", answers(phone=f"713-555-{number:04d}"), REMOTE_ADDR="192.0.2.7").status_code
            for number in range(limit + 2)
        ]
    assert statuses == [302] * limit + [429, 429]
    assert OutboundMessage.objects.count() == limit
    response = client.post("/en/help/", answers(phone="713-555-9999"), REMOTE_ADDR="192.0.2.7")
    assert "Too many requests" in response.content.decode()
    assert client.post("/en/help/", answers(phone="713-555-9998"), REMOTE_ADDR="192.0.2.8").status_code == 302


def test_mistakes_are_shown_next_to_the_field_in_the_page_language(client):
    response = client.post("/es/help/", answers(phone="12", kind=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "field--error" in html
    with translation.override("es"):
        required = gettext("This field is required.")
    assert required != "This field is required." and required in html  # Django's own catalogue, in Spanish
    assert 'aria-describedby="id_kind_error"' in html and 'id="id_kind_error"' in html
    assert 'role="alert"' in html
    assert OutboundMessage.objects.count() == 0
    assert HelpRequest.objects.count() == 0


def test_the_confirmation_text_fits_in_two_segments_in_every_language():
    from portal.messaging.safe_text import render_sms, segment_count

    for language in LANGUAGE_CODES:
        body = render_sms(texts.HELP_FORM_CONFIRMATION, language=language, code_word="Bluebonnet")
        assert segment_count(body) <= 2


def test_behind_our_own_proxy_the_limit_counts_each_client(client, settings, django_capture_on_commit_callbacks):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    limit, _window = settings.SMS_HELP_FORM_LIMITS["per_ip"]
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(
                "/en/help/",
                answers(phone=f"713-555-{number:04d}"),
                REMOTE_ADDR="127.0.0.1",
                # A forged first entry changes nothing: only the proxy's own (last) entry counts.
                HTTP_X_FORWARDED_FOR=f"10.9.9.{number}, 198.51.100.4",
            ).status_code
            for number in range(limit + 1)
        ]
        other_client = client.post(
            "/en/help/", answers(phone="713-555-0999"), REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.5"
        )
    assert statuses == [302] * limit + [429]
    assert other_client.status_code == 302


def test_mistakes_do_not_count_toward_the_address_limit(client, settings, django_capture_on_commit_callbacks):
    limit, _window = settings.SMS_HELP_FORM_LIMITS["per_ip"]
    for _ in range(limit + 3):
        assert client.post("/en/help/", answers(phone="12"), REMOTE_ADDR="192.0.2.9").status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/en/help/", answers(), REMOTE_ADDR="192.0.2.9").status_code == 302
    assert OutboundMessage.objects.count() == 1


def test_a_shared_address_gets_a_higher_ceiling_than_one_number(settings):
    per_ip, _ = settings.SMS_HELP_FORM_LIMITS["per_ip"]
    per_phone, _ = settings.SMS_HELP_FORM_LIMITS["per_phone"]
    assert per_ip >= 10 * per_phone


def test_the_csrf_cookie_ends_with_the_browser_session(client):
    response = client.get("/en/help/")
    cookie = response.cookies["csrftoken"]
    assert cookie.value and not cookie["max-age"] and not cookie["expires"]


def test_every_error_is_listed_linked_to_its_field_and_focused(client):
    html = client.post("/en/help/", answers(phone="12", kind="")).content.decode()
    summary = html[html.index("data-error-summary") : html.index("</div>", html.index("data-error-summary"))]
    assert "autofocus" in html[html.rindex("<div", 0, html.index("data-error-summary")) :][:200]
    assert 'href="#id_phone"' in summary and 'href="#id_kind"' in summary
    assert "There is a problem" in summary


def test_the_help_form_is_not_remembered_by_the_browser(client):
    html = client.get("/en/help/").content.decode()
    assert '<form method="post" novalidate autocomplete="off" data-forget>' in html
    assert 'autocomplete="tel"' not in html
