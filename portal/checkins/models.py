"""Check-ins: an advocate's agreed schedule of "are you OK?" texts, each text sent, and the alerts
they raise.

A plan belongs to a SurvivorProfile and is only active with the survivor's consent recorded.
Each CheckIn row is one text at one moment; at most one per plan waits to be sent, so two
dispatchers can never schedule the same moment twice. Nothing here stores what the survivor
wrote: replies live (encrypted) in messaging's conversation.
"""

from datetime import time

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.messaging.models import TEXAS_TIME_ZONES, validate_time_zone


class CheckInPlan(models.Model):
    class Frequency(models.TextChoices):
        DAILY = "daily", _("Every day")
        WEEKLY = "weekly", _("Every week")
        EVERY_N_DAYS = "every_n_days", _("Every few days")
        DATES = "dates", _("On chosen dates only")

    class PausedBy(models.TextChoices):
        ADVOCATE = "advocate", _("Advocate")
        SURVIVOR = "survivor", _("Survivor")

    survivor = models.ForeignKey(
        "accounts.SurvivorProfile", verbose_name=_("survivor"), on_delete=models.CASCADE, related_name="checkin_plans"
    )
    advocate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("advocate who gets the alerts"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checkin_plans",
    )
    consent_at = models.DateTimeField(_("survivor agreed on"), editable=False)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    frequency = models.CharField(_("how often"), max_length=20, choices=Frequency.choices, default=Frequency.DAILY)
    every_n_days = models.PositiveSmallIntegerField(
        _("number of days between texts"), default=1, help_text=_("Used with “Every few days”.")
    )
    dates = models.JSONField(
        _("chosen dates"), default=list, blank=True, help_text=_("Used with “On chosen dates only”: YYYY-MM-DD.")
    )
    starts_on = models.DateField(_("first day"), default=timezone.localdate)
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    # Equal start and end mean the whole day is safe.
    window_start = models.TimeField(_("safe to text from"), default=time(10))
    window_end = models.TimeField(_("safe to text until"), default=time(18))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=TEXAS_TIME_ZONES,
        blank=True,
        default="",
        validators=[validate_time_zone],
        help_text=_("Leave empty to use the survivor's text settings. El Paso is on Mountain time."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
        help_text=_("Leave empty to use the survivor's text settings."),
    )
    use_code_word = models.BooleanField(_("start with the code word"), default=True)
    grace_minutes = models.PositiveIntegerField(
        _("minutes to wait for a reply"), default=240, help_text=_("After this, a missed check-in alerts you.")
    )
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    paused_by = models.CharField(_("paused by"), max_length=10, choices=PausedBy.choices, blank=True, default="")
    paused_by_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("check-in plan")
        verbose_name_plural = _("check-in plans")
        ordering = ["-created_at"]

    def __str__(self):
        return _("Check-in plan #%(id)s") % {"id": self.pk}

    @property
    def is_paused(self):
        return self.paused_at is not None

    def zone_name(self):
        return self.time_zone or self.survivor.contact.time_zone

    def language_code(self):
        return self.language or self.survivor.contact.language


class CheckIn(models.Model):
    """One check-in text: due, then sent, then answered or missed (or skipped, never sent)."""

    class Status(models.TextChoices):
        DUE = "due", _("Due")
        SENT = "sent", _("Sent")
        OK = "ok", _("Answered: OK")
        CALL_ME = "call_me", _("Answered: call me")
        HELP_NOW = "help_now", _("Answered: help now")
        REPLIED = "replied", _("Answered with a message")
        DURESS = "duress", _("Answered with her duress word")
        MISSED = "missed", _("Missed")
        SKIPPED = "skipped", _("Skipped")

    ANSWERED = (Status.OK, Status.CALL_ME, Status.HELP_NOW, Status.REPLIED, Status.DURESS)

    plan = models.ForeignKey(CheckInPlan, on_delete=models.CASCADE, related_name="check_ins")
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DUE)
    message = models.ForeignKey(
        "messaging.OutboundMessage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # sent_at plus the plan's grace period: the moment silence becomes an alert.
    reply_due_at = models.DateTimeField(null=True, blank=True)
    skip_reason = models.CharField(max_length=20, blank=True, default="")

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-due_at"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="checkin_status_due"),
            models.Index(fields=["status", "reply_due_at"], name="checkin_status_reply_due"),
        ]
        constraints = [
            # One waiting check-in per plan: concurrent schedulers cannot queue the same moment twice.
            models.UniqueConstraint(fields=["plan"], condition=models.Q(status="due"), name="one_due_checkin_per_plan")
        ]

    def __str__(self):
        return _("Check-in #%(id)s") % {"id": self.pk}


class CheckInAlert(models.Model):
    """Something an advocate (or their supervisor) must look at. Never texted to anyone."""

    class Kind(models.TextChoices):
        MISSED = "missed", _("No reply")
        REPEATED_MISSES = "repeated_misses", _("Several check-ins without a reply")
        CALL_ME = "call_me", _("Asked for a call")
        HELP_NOW = "help_now", _("Needs help now")
        DURESS = "duress", _("Duress word: not safe, someone may be watching")

    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    for_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checkin_alerts",
    )
    created_at = models.DateTimeField(_("raised"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    # Who said "I'll take it" at the desk, so two people do not both act on one alert.
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    taken_at = models.DateTimeField(_("taken"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("check-in alert")
        verbose_name_plural = _("check-in alerts")
        ordering = ["resolved_at", "-created_at"]
        constraints = [
            # Exactly one alert of each kind per check-in, however many dispatchers notice it.
            models.UniqueConstraint(fields=["check_in", "kind"], name="one_alert_per_kind_per_checkin")
        ]

    def __str__(self):
        return _("Alert #%(id)s") % {"id": self.pk}
