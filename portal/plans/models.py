"""Service plans: a survivor's goals in their own words, the steps towards them, referrals to
directory services and appointments; and an append-only timeline of what changed.

Text a survivor or advocate writes is personal data, encrypted at rest. Choices (domains,
statuses, who does a step) are plain columns, so the UI can show them in any language.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel

from portal.core.fields import EncryptedTextField


class Plan(ClusterableModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ON_HOLD = "on_hold", _("On hold")
        CLOSED = "closed", _("Closed")

    survivor = models.ForeignKey(
        "accounts.SurvivorProfile", verbose_name=_("survivor"), on_delete=models.CASCADE, related_name="plans"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    primary_advocate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("primary advocate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="primary_plans",
    )
    next_review_date = models.DateField(_("next review"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("service plan")
        verbose_name_plural = _("service plans")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["survivor"], condition=~models.Q(status="closed"), name="one_open_plan_per_survivor"
            )
        ]

    def __str__(self):
        return _("Plan #%(id)s") % {"id": self.pk}


class Goal(models.Model):
    class Domain(models.TextChoices):
        SAFETY = "safety", _("Safety")
        HOUSING = "housing", _("Housing")
        LEGAL = "legal", _("Legal and immigration")
        HEALTH = "health", _("Health")
        MENTAL_HEALTH = "mental_health", _("Mental health")
        INCOME = "income", _("Income and work")
        EDUCATION = "education", _("Education")
        FAMILY = "family", _("Family")
        OTHER = "other", _("Other")

    class ProposedBy(models.TextChoices):
        SURVIVOR = "survivor", _("Survivor")
        ADVOCATE = "advocate", _("Advocate")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("Working on it")
        DONE = "done", _("Reached")
        STOPPED = "stopped", _("Stopped")

    plan = ParentalKey(Plan, on_delete=models.CASCADE, related_name="goals")
    text = EncryptedTextField(_("goal, in the survivor's own words"))
    domain = models.CharField(
        pgettext_lazy("part of life a goal is about", "area"),
        max_length=20,
        choices=Domain.choices,
        default=Domain.OTHER,
    )
    proposed_by = models.CharField(
        _("proposed by"), max_length=10, choices=ProposedBy.choices, default=ProposedBy.ADVOCATE
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["pk"]

    def __str__(self):
        return _("Goal #%(id)s") % {"id": self.pk}


class Step(models.Model):
    class Who(models.TextChoices):
        SURVIVOR = "survivor", _("Survivor")
        ADVOCATE = "advocate", _("Advocate")
        AGENCY = "agency", _("Another agency")

    class Status(models.TextChoices):
        TO_DO = "to_do", _("To do")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Not needed")

    plan = ParentalKey(Plan, on_delete=models.CASCADE, related_name="steps")
    text = EncryptedTextField(_("what to do"))
    who = models.CharField(_("who does it"), max_length=10, choices=Who.choices, default=Who.SURVIVOR)
    due_date = models.DateField(_("by when"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.TO_DO)
    done_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["due_date", "pk"]

    def __str__(self):
        return _("Step #%(id)s") % {"id": self.pk}

    def save(self, *args, **kwargs):
        if self.status == self.Status.DONE and self.done_at is None:
            self.done_at = timezone.now()
        elif self.status != self.Status.DONE:
            self.done_at = None
        super().save(*args, **kwargs)


class Referral(models.Model):
    """A referral to a directory service, and where it stands at the receiving organisation.

    Sent -> accepted or declined -> service started -> completed or not completed. Each moment
    is stamped once, the first time the referral reaches it (`stamp_times`), whoever moves it:
    reports count days between them. Moves go through plans.referrals.move, which records who.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Suggested")
        AWAITING_CONSENT = "awaiting_consent", _("Waiting for the survivor's OK")
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        STARTED = "started", _("Service started")
        DONE = "done", _("Completed")
        NOT_COMPLETED = "not_completed", _("Not completed")
        WITHDRAWN = "withdrawn", _("Closed: the survivor no longer wants it")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Closed: consent withdrawn")
        CONSENT_ENDED = "consent_ended", _("Closed: consent ran out")

    class DeclineReason(models.TextChoices):
        NOT_ELIGIBLE = "not_eligible", _("Not eligible for this service")
        NO_CAPACITY = "no_capacity", _("No space or waiting list full")
        OUT_OF_AREA = "out_of_area", _("Outside our area")
        COULD_NOT_REACH = "could_not_reach", _("Could not reach the survivor")
        OTHER = "other", _("Other reason")

    class Outcome(models.TextChoices):
        GOAL_MET = "goal_met", _("Need met")
        PARTLY_MET = "partly_met", _("Need partly met")
        STOPPED_COMING = "stopped_coming", _("Survivor stopped coming")
        MOVED_AWAY = "moved_away", _("Survivor moved away")
        REFERRED_ON = "referred_on", _("Referred to another service")
        OTHER = "other", _("Other outcome")

    plan = ParentalKey(Plan, on_delete=models.CASCADE, related_name="referrals")
    service = models.ForeignKey(
        "directory.Service", verbose_name=_("service"), on_delete=models.PROTECT, related_name="referrals"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    note = EncryptedTextField(_("note"), blank=True, default="")
    decline_reason = models.CharField(
        _("why declined"), max_length=20, choices=DeclineReason.choices, blank=True, default=""
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True, default="")
    next_appointment_at = models.DateTimeField(_("next appointment"), null=True, blank=True)
    appointment_missed_at = models.DateTimeField(_("appointment missed"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True, editable=False)
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True, editable=False)
    started_at = models.DateTimeField(_("service started"), null=True, blank=True, editable=False)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    # The sending advocate picks the service and sends; the receiving organisation's answers and
    # progress are recorded in its queue (sharing), so they are not fields of the plan form.
    panels = [FieldPanel("service"), FieldPanel("status"), FieldPanel("note")]

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["pk"]

    def __str__(self):
        return _("Referral #%(id)s") % {"id": self.pk}

    def save(self, *args, **kwargs):
        self.check_consent()
        self.stamp_times()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.plan_id and self.service_id:
            self.check_consent()

    def stamp_times(self, now=None):
        """The first time a referral reaches each moment; later moves never change an earlier stamp."""
        now = now or timezone.now()
        moments = STAMPED_AT.get(self.status, ())
        for field_name in moments:
            if getattr(self, field_name) is None:
                setattr(self, field_name, now)

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def needs_consent(self):
        """Whether the receiving side is, or is about to be, working with it: then her consent must cover it."""
        return self.status in CONSENTED_STATUSES

    def check_consent(self):
        """The one hook, on every save: a referral to another organisation (made, moved or updated)
        needs the survivor's live consent to share referrals with it (the rule registered by sharing),
        unless it waits for her OK or is closed."""
        if not REFERRAL_CHECKS:
            raise ImproperlyConfigured("No consent rule for referrals: is portal.sharing installed?")
        if not self.needs_consent:
            return
        for check in REFERRAL_CHECKS:
            check(self)


_S = Referral.Status
# Open: something may still happen. Consented: the receiving organisation is (or may be) working on it.
OPEN_STATUSES = frozenset({_S.PROPOSED, _S.AWAITING_CONSENT, _S.SENT, _S.ACCEPTED, _S.STARTED})
CONSENTED_STATUSES = frozenset({_S.PROPOSED, _S.SENT, _S.ACCEPTED, _S.STARTED})
# Which moments a status stamps (a referral completed straight from "sent" still gets every earlier moment).
STAMPED_AT = {
    _S.SENT: ("sent_at",),
    _S.ACCEPTED: ("sent_at", "accepted_at"),
    _S.DECLINED: ("sent_at", "declined_at", "closed_at"),
    _S.STARTED: ("sent_at", "accepted_at", "started_at"),
    _S.DONE: ("sent_at", "accepted_at", "started_at", "completed_at", "closed_at"),
    _S.NOT_COMPLETED: ("closed_at",),
    _S.WITHDRAWN: ("closed_at",),
    _S.CONSENT_WITHDRAWN: ("closed_at",),
    _S.CONSENT_ENDED: ("closed_at",),
}


# The consent rule every referral passes, registered by the sharing app when it is ready
# (SharingConfig.ready): sharing sits above plans. Without one, no referral is saved.
REFERRAL_CHECKS = []


def register_referral_check(check):
    if check not in REFERRAL_CHECKS:
        REFERRAL_CHECKS.append(check)


class Appointment(models.Model):
    plan = ParentalKey(Plan, on_delete=models.CASCADE, related_name="appointments")
    starts_at = models.DateTimeField(_("date and time"))
    with_whom = EncryptedTextField(_("with whom"))
    place = EncryptedTextField(_("where"), blank=True, default="")
    hide_place = models.BooleanField(
        _("hide where"), default=False, help_text=_("Do not show the place on the survivor's pages.")
    )

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return _("Appointment #%(id)s") % {"id": self.pk}


class PlanEvent(models.Model):
    """One line of a plan's timeline. Rows are only ever added; `detail` never holds personal data."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Plan started")
        UPDATED = "updated", _("Plan changed")
        STEP_DONE = "step_done", _("Step marked done")
        GOAL_PROPOSED = "goal_proposed", _("Goal proposed")
        QUESTION = "question", _("Question sent")
        DELETION_REQUESTED = "deletion_requested", _("Asked for their data to be deleted")
        CLOSED = "closed", _("Case closed")
        REFERRAL = "referral", _("Referral moved on")

    class Actor(models.TextChoices):
        SURVIVOR = "survivor", _("Survivor")
        STAFF = "staff", _("Staff")
        SYSTEM = "system", _("System")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.CharField(max_length=10, choices=Actor.choices)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("plan event")
        verbose_name_plural = _("plan events")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Plan events are append-only.")
        super().save(*args, **kwargs)


class ClosedCaseTally(models.Model):
    """What is left of purged cases: counts per organisation and month closed, nothing personal."""

    organization = models.ForeignKey(
        "directory.Organization", null=True, on_delete=models.SET_NULL, related_name="closed_case_tallies"
    )
    month = models.DateField(help_text="First day of the month the cases were closed.")
    cases = models.PositiveIntegerField(default=0)
    goals = models.PositiveIntegerField(default=0)
    goals_reached = models.PositiveIntegerField(default=0)
    steps_done = models.PositiveIntegerField(default=0)
    referrals = models.PositiveIntegerField(default=0)
    referrals_accepted = models.PositiveIntegerField(default=0)
    appointments = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("closed case count")
        verbose_name_plural = _("closed case counts")
        constraints = [models.UniqueConstraint(fields=["organization", "month"], name="one_tally_per_month")]

    def __str__(self):
        return f"{self.month:%Y-%m}: {self.cases}"


def record_event(plan, kind, *, actor, staff=None, detail=""):
    return PlanEvent.objects.create(plan=plan, kind=kind, actor=actor, staff=staff, detail=detail[:200])
