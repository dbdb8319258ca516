"""Live sessions: scheduled, with registration, a reminder in each guest's own time zone and language,
and the recording offered afterwards as a lesson of a course."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel

from portal.core import crypto
from portal.core.fields import EncryptedTextField
from portal.core.time_zones import US_TIME_ZONES

from .models import Audience

REMIND_BEFORE = timedelta(hours=24)


class WebinarQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(starts_at__gt=now or timezone.now()).order_by("starts_at")

    def with_recording(self, now=None):
        return self.filter(starts_at__lte=now or timezone.now(), recording__isnull=False).order_by("-starts_at")


class Webinar(models.Model):
    title = models.CharField(gettext_lazy("title"), max_length=200)
    description = models.TextField(gettext_lazy("description"), blank=True)
    starts_at = models.DateTimeField(
        gettext_lazy("starts at"), help_text=gettext_lazy("In the time zone of your admin account.")
    )
    duration_minutes = models.PositiveSmallIntegerField(gettext_lazy("duration in minutes"), default=60)
    join_link = models.URLField(
        gettext_lazy("link to join"),
        max_length=500,
        help_text=gettext_lazy("Sent only to people who registered, in their reminder."),
    )
    recording = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=gettext_lazy("recording (a lesson)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy("After the session: the lesson that holds its video."),
    )

    objects = WebinarQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("starts_at"),
        FieldPanel("duration_minutes"),
        FieldPanel("join_link"),
        FieldPanel("recording"),
    ]

    class Meta:
        app_label = "training"
        verbose_name = gettext_lazy("webinar")
        verbose_name_plural = gettext_lazy("webinars")
        ordering = ["starts_at"]

    def __str__(self):
        return self.title


def registration_index(webinar_id, email):
    return crypto.blind_index(f"{webinar_id}:{email.strip().lower()}", "training-webinar-email")


class Registration(models.Model):
    webinar = models.ForeignKey(Webinar, on_delete=models.CASCADE, related_name="registrations")
    name = EncryptedTextField(gettext_lazy("name"))
    email = EncryptedTextField(gettext_lazy("email"))
    email_index = models.CharField(max_length=64, unique=True, editable=False)
    organization = models.CharField(gettext_lazy("organisation"), max_length=200)
    audience = models.CharField(gettext_lazy("role"), max_length=40, choices=Audience.choices)
    time_zone = models.CharField(gettext_lazy("time zone"), max_length=40, choices=US_TIME_ZONES)
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "training"
        verbose_name = gettext_lazy("webinar registration")
        verbose_name_plural = gettext_lazy("webinar registrations")

    def __str__(self):
        return f"{self.webinar} ({self.pk})"

    def save(self, *args, **kwargs):
        self.email_index = registration_index(self.webinar_id, self.email)
        super().save(*args, **kwargs)


def send_reminders(now=None):
    """Remind everyone whose session starts within REMIND_BEFORE, once; return how many were sent.
    Meant to run every few minutes (`manage.py send_webinar_reminders`)."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        reminded_at__isnull=True, webinar__starts_at__gt=now, webinar__starts_at__lte=now + REMIND_BEFORE
    ).select_related("webinar")
    sent = 0
    for registration in due:
        # Claimed before sending, so two servers running the command never both send it.
        claimed = Registration.objects.filter(pk=registration.pk, reminded_at__isnull=True).update(reminded_at=now)
        if not claimed:
            continue
        with translation.override(registration.language), timezone.override(registration.time_zone):
            body = render_to_string(
                "training/webinar_reminder.txt",
                {"registration": registration, "webinar": registration.webinar, "zone": zone_label(registration)},
            )
            subject = _("Reminder: %(title)s") % {"title": registration.webinar.title}
        try:
            send_mail(subject, body, None, [registration.email])
        except Exception:
            # Unclaim, so the next run tries again.
            Registration.objects.filter(pk=registration.pk).update(reminded_at=None)
            raise
        sent += 1
    return sent


def zone_label(registration):
    return dict(US_TIME_ZONES)[registration.time_zone]
