"""A webinar: times in the reader's time zone, registration, the reminder in the guest's own time zone and
language, and the recording offered once it is attached."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from content.models import LessonPage
from portal.training.webinars import Registration, Webinar

pytestmark = pytest.mark.django_db
CENTRAL = ZoneInfo("America/Chicago")


@pytest.fixture
def webinar(pinned_clock):
    # Two days after the pinned instant at 14:00 Central: 13:00 in El Paso.
    day = pinned_clock.astimezone(CENTRAL).date() + timedelta(days=2)
    return Webinar.objects.create(
        title="Follow-up care",
        starts_at=datetime(day.year, day.month, day.day, 14, 0, tzinfo=CENTRAL),
        join_link="https://example.org/join/abc",
    )


def quiet():
    return open("/dev/null", "w")  # noqa: SIM115


def test_the_time_is_shown_in_the_zone_the_reader_picks(webinar):
    url = reverse("training:webinar", kwargs={"pk": webinar.pk})
    central = Client().get(url).content.decode()
    mountain = Client().get(url, {"tz": "America/Denver"}).content.decode()
    assert "2:00 PM" in central and "Central time" in central
    assert "1:00 PM" in mountain and "2:00 PM" not in mountain and "Mountain time (El Paso)" in mountain
    assert 'datetime="' + webinar.starts_at.astimezone(ZoneInfo("America/Denver")).isoformat() in mountain


def test_register_then_remind_in_the_guests_zone_and_language_once(webinar, pinned_clock):
    url = "/es" + reverse("training:webinar", kwargs={"pk": webinar.pk})[3:]
    form = {
        "name": "Lupe Test",
        "email": "lupe@example.org",
        "organization": "Clinica",
        "audience": "health-care",
        "time_zone": "America/Denver",
    }
    response = Client().post(url, form)
    assert "data-registered" in response.content.decode()
    Client().post(url, form)  # a second press registers nobody twice
    assert Registration.objects.filter(webinar=webinar).count() == 1

    call_command("send_webinar_reminders", stdout=quiet())
    assert not mail.outbox, "two days ahead is too early for a reminder"
    with time_machine.travel(webinar.starts_at - timedelta(hours=23), tick=False):
        call_command("send_webinar_reminders", stdout=quiet())
        call_command("send_webinar_reminders", stdout=quiet())
    assert len(mail.outbox) == 1
    reminder = mail.outbox[0]
    assert reminder.to == ["lupe@example.org"]
    assert "Recordatorio" in reminder.subject
    assert "13:00" in reminder.body and "14:00" not in reminder.body
    assert "Hora de la montaña" in reminder.body and "https://example.org/join/abc" in reminder.body


def test_bad_registration_input_is_explained_and_kept(webinar):
    url = reverse("training:webinar", kwargs={"pk": webinar.pk})
    response = Client().post(
        url, {"name": "Sam Test", "email": "nope", "organization": "", "time_zone": "America/Chicago"}
    )
    body = response.content.decode()
    assert 'role="alert"' in body and "Sam Test" in body and "Enter your organisation." in body
    assert not Registration.objects.exists()


def test_the_recording_appears_after_the_session(webinar):
    url = reverse("training:webinar", kwargs={"pk": webinar.pk})
    with time_machine.travel(webinar.starts_at + timedelta(hours=2), tick=False):
        body = Client().get(url).content.decode()
        assert "data-recording" not in body and "Register" not in body.split("<main")[1]
        lesson = LessonPage.objects.first()
        webinar.recording = lesson
        webinar.save()
        body = Client().get(url).content.decode()
        assert "data-recording" in body and lesson.url in body
        assert lesson.url in Client().get(reverse("training:webinars")).content.decode()


def test_the_demo_has_an_upcoming_webinar():
    assert Webinar.objects.upcoming().exists()
