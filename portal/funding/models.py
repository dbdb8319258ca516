"""Grants and contracts that programs serving survivors can apply for.

Nothing here is about a survivor: the records are public calls for proposals, and the only
person-related record is a staff member's choice to get the weekly digest.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from portal.core.time_zones import US_TIME_ZONES

CLOSING_SOON = timedelta(days=14)


class ServiceType(models.Model):
    """What the money may pay for: housing, legal help, health care..."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)

    panels = [FieldPanel("code"), FieldPanel("name")]

    class Meta:
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSING_SOON = "closing-soon", _("Closing soon")
    CLOSED = "closed", _("Closed")


class FundingOpportunityQuerySet(models.QuerySet):
    def closing_within(self, days, now=None):
        now = now or timezone.now()
        return self.filter(closes_at__gt=now, closes_at__lte=now + timedelta(days=days))


class FundingOpportunity(models.Model):
    """A deadline is a local date and time in the funder's time zone, as funders publish it; `closes_at`
    is the same instant in UTC, kept so lists can be filtered and sorted in the database."""

    funder = models.CharField(_("funder"), max_length=200)
    program = models.CharField(_("program"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    amount_min = models.PositiveIntegerField(_("smallest award (US dollars)"), null=True, blank=True)
    amount_max = models.PositiveIntegerField(_("largest award (US dollars)"), null=True, blank=True)
    eligible_applicants = models.TextField(
        _("who may apply"), help_text=_("For example: nonprofits in Texas, tribal governments, cities and counties.")
    )
    service_types = models.ManyToManyField(ServiceType, verbose_name=_("services it pays for"), blank=True)
    deadline_date = models.DateField(_("deadline date"))
    deadline_time = models.TimeField(_("deadline time"), help_text=_("As the funder writes it, for example 17:00."))
    deadline_time_zone = models.CharField(
        _("deadline time zone"), max_length=40, choices=US_TIME_ZONES, default="America/Chicago"
    )
    closes_at = models.DateTimeField(_("closes at"), editable=False, db_index=True)
    link = models.URLField(_("link to the call for proposals"), max_length=500)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FundingOpportunityQuerySet.as_manager()

    panels = [
        FieldPanel("funder"),
        FieldPanel("program"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("amount_min"), FieldPanel("amount_max")], heading=_("Amount")),
        FieldPanel("eligible_applicants"),
        FieldPanel("service_types"),
        MultiFieldPanel(
            [FieldPanel("deadline_date"), FieldPanel("deadline_time"), FieldPanel("deadline_time_zone")],
            heading=_("Deadline"),
        ),
        FieldPanel("link"),
    ]

    class Meta:
        verbose_name = _("funding opportunity")
        verbose_name_plural = _("funding opportunities")
        ordering = ["closes_at", "funder"]

    def __str__(self):
        return f"{self.program} ({self.funder})"

    def save(self, *args, **kwargs):
        self.closes_at = deadline_instant(self.deadline_date, self.deadline_time, self.deadline_time_zone)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.amount_min is not None and self.amount_max is not None and self.amount_min > self.amount_max:
            errors["amount_max"] = _("The largest award cannot be smaller than the smallest award.")
        deadline = (self.deadline_date, self.deadline_time, self.deadline_time_zone)
        if all(deadline) and local_time_problem(*deadline):
            errors["deadline_time"] = _(
                "This time does not exist or happens twice on that date because the clocks change. "
                "Please choose another time, or check it with the funder."
            )
        if errors:
            raise ValidationError(errors)

    def status(self, now=None):
        now = now or timezone.now()
        if now >= self.closes_at:
            return Status.CLOSED
        if self.closes_at - now <= CLOSING_SOON:
            return Status.CLOSING_SOON
        return Status.OPEN

    def get_status_display(self):
        return self.status().label

    @property
    def deadline_local(self):
        return self.closes_at.astimezone(ZoneInfo(self.deadline_time_zone))


def deadline_instant(day, at, zone_name):
    return datetime.combine(day, at, tzinfo=ZoneInfo(zone_name)).astimezone(ZoneInfo("UTC"))


def local_time_problem(day, at, zone_name):
    """True for a wall time the clocks skip (02:30 on the spring night) or repeat (01:30 in the autumn):
    the deadline would be a guess, so the editor is asked rather than the portal choosing silently."""
    zone = ZoneInfo(zone_name)
    first = datetime.combine(day, at, tzinfo=zone)
    return first.utcoffset() != first.replace(fold=1).utcoffset()


class DigestSubscription(models.Model):
    """A staff member who asked for the weekly email of deadlines. `last_sent_at` keeps a command that
    runs twice in a week (a retried cron job) from sending twice."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="funding_digest", verbose_name=_("user")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("funding digest subscription")
        verbose_name_plural = _("funding digest subscriptions")

    def __str__(self):
        return str(self.user)
