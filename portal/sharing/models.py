"""Care teams, consents, the access log and legal disclosures.

A consent is what a valid release of information needs (modelled on FHIR Consent and VAWA's
"informed, written, reasonably time-limited"): one recipient organisation, a specific purpose,
each data category permitted or explicitly denied, a start, a required end (at most a year),
the exact text the survivor saw, and how it was given. Its status is never stored: it is
computed against the clock on every request, so an expired or revoked consent stops access on
the very next request without any nightly job.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.categories import Category
from portal.core.fields import EncryptedTextField

from .categories import DENY, PERMIT
from .consent_text import TEXT_VERSION, render_consent_text

DEFAULT_CONSENT_DAYS = 90
MAX_CONSENT_DAYS = 365


class CareTeamMember(models.Model):
    """An organisation (and optionally one of its staff) working with a survivor, and in what role."""

    class Role(models.TextChoices):
        SHELTER = "shelter", _("Shelter")
        LEGAL = "legal", _("Legal aid")
        HEALTH = "health", _("Clinic")
        COUNSELLING = "counselling", _("Counselling")
        CASE_MANAGEMENT = "case_management", _("Case management")
        OTHER = "other", _("Other help")

    survivor = models.ForeignKey(
        "accounts.SurvivorProfile", verbose_name=_("survivor"), on_delete=models.CASCADE, related_name="care_team"
    )
    organization = models.ForeignKey(
        "directory.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="+"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OTHER)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("care team member")
        verbose_name_plural = _("care team")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.organization} ({self.get_role_display()})"


class Consent(models.Model):
    class Given(models.TextChoices):
        PORTAL = "portal", _("On the website")
        IN_PERSON = "in_person", _("In person, with an advocate as witness")

    class Status(models.TextChoices):
        PENDING = "pending", _("Not started yet")
        ACTIVE = "active", _("Active")
        REVOKED = "revoked", _("Stopped")
        EXPIRED = "expired", _("Ended")

    survivor = models.ForeignKey(
        "accounts.SurvivorProfile", verbose_name=_("survivor"), on_delete=models.CASCADE, related_name="consents"
    )
    recipient = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("who may see it"),
        null=True,
        on_delete=models.PROTECT,
        related_name="received_consents",
    )
    purpose = EncryptedTextField(_("why"), blank=True, default="")
    # {category: "permit" | "deny"} for every category; a category not named is denied.
    categories = models.JSONField(_("what"), default=dict)
    valid_from = models.DateTimeField(_("from"), default=timezone.now)
    ends_at = models.DateTimeField(_("until"), null=True)
    text_version = models.CharField(max_length=20)
    text_shown = EncryptedTextField(_("the text the survivor agreed to"))
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, default="en")
    given_via = models.CharField(_("given"), max_length=10, choices=Given.choices, default=Given.PORTAL)
    witness = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    revoked_via = models.CharField(_("stopped"), max_length=10, choices=Given.choices, blank=True, default="")
    renews = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="renewals")
    remind_before_end = models.BooleanField(_("text me a week before it ends"), default=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return _("Consent #%(id)s") % {"id": self.pk}

    def save(self, *args, **kwargs):
        problems = self.missing()
        if problems:
            raise ValidationError(f"A consent needs: {', '.join(problems)}.")
        super().save(*args, **kwargs)

    @classmethod
    def build(cls, *, survivor, recipient, purpose, permitted, ends_at, language, given_via, valid_from=None, **fields):
        """The one way a consent is made (unsaved): every category named, permitted or denied, and
        the release text the survivor agreed to rendered in their language and kept word for word."""
        return cls(
            survivor=survivor,
            recipient=recipient,
            purpose=purpose,
            categories={value: PERMIT if value in permitted else DENY for value in Category.values},
            valid_from=valid_from or timezone.now(),
            ends_at=ends_at,
            text_version=TEXT_VERSION,
            text_shown=render_consent_text(recipient.name, purpose, permitted, ends_at, language),
            language=language,
            given_via=given_via,
            **fields,
        )

    @property
    def permitted_categories(self):
        return [value for value in Category.values if self.categories.get(value) == PERMIT]

    def missing(self):
        """What a valid release lacks; a consent with anything missing never opens anything."""
        problems = []
        if not self.recipient_id:
            problems.append("recipient")
        if not (self.purpose or "").strip():
            problems.append("purpose")
        if not self.permitted_categories or any(v not in (PERMIT, DENY) for v in self.categories.values()):
            problems.append("categories")
        if (
            self.ends_at is None
            or self.valid_from
            and (self.ends_at <= self.valid_from or self.ends_at > self.valid_from + timedelta(days=MAX_CONSENT_DAYS))
        ):
            problems.append("end date")
        if not self.text_version or not self.text_shown:
            problems.append("text")
        if self.given_via == self.Given.IN_PERSON and not self.witness_id:
            problems.append("witness")
        return problems

    @property
    def is_complete(self):
        return not self.missing()

    def status_at(self, now=None):
        now = now or timezone.now()
        if self.revoked_at is not None and self.revoked_at <= now:
            return self.Status.REVOKED
        if self.ends_at is None or now > self.ends_at:
            return self.Status.EXPIRED
        if now < self.valid_from:
            return self.Status.PENDING
        return self.Status.ACTIVE

    @property
    def status(self):
        return self.status_at()

    def is_live(self, now=None):
        return self.is_complete and self.status_at(now) == self.Status.ACTIVE

    def covers(self, category, now=None):
        return self.is_live(now) and self.categories.get(category) == PERMIT

    def revoke(self, via, now=None):
        """Stops access on the next request; revoking twice keeps the first time."""
        if self.revoked_at is None:
            self.revoked_at = now or timezone.now()
            self.revoked_via = via
            Consent.objects.filter(pk=self.pk, revoked_at=None).update(
                revoked_at=self.revoked_at, revoked_via=self.revoked_via
            )
            from .referral_consent import close_unconsented

            close_unconsented(self.survivor, self.recipient_id, via)


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("This log is append-only.")

    def delete(self):
        raise PermissionError("This log is append-only.")


class AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("This log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("This log is append-only.")


class Basis(models.TextChoices):
    OWN_ORGANIZATION = "own_organization", _("Their own advocate's organisation")
    CONSENT = "consent", _("Your consent")
    DUTY_TO_REPORT = "duty_to_report", _("A duty to report")
    COURT_ORDER = "court_order", _("A court order")
    NONE = "none", _("No permission")


class AccessEvent(AppendOnly):
    """One read of survivor data by staff: who, for which organisation, what, when, on what basis.

    Rows are only ever added; the survivor reads theirs at /my/activity/. `record` names a kind
    and an id ("plan 3"), never the data itself. Survivor rows go with the survivor's purge.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    survivor = models.ForeignKey(
        "accounts.SurvivorProfile", verbose_name=_("survivor"), on_delete=models.CASCADE, related_name="access_events"
    )
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    viewer_name = models.CharField(_("who"), max_length=150)
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("organization"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    category = models.CharField(_("what"), max_length=20, choices=Category.choices)
    record = models.CharField(_("record"), max_length=60, blank=True, default="")
    basis = models.CharField(_("why allowed"), max_length=20, choices=Basis.choices)
    consent = models.ForeignKey(Consent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    disclosure = models.ForeignKey(
        "LegalDisclosure", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    permitted = models.BooleanField(_("allowed"))

    class Meta:
        verbose_name = _("access event")
        verbose_name_plural = _("access events")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_category_display()} ({self.at:%Y-%m-%d %H:%M})"


class LegalDisclosure(AppendOnly):
    """Data given out without consent because the law required it: recorded and shown to the survivor."""

    class LegalBasis(models.TextChoices):
        DUTY_TO_REPORT = Basis.DUTY_TO_REPORT.value, Basis.DUTY_TO_REPORT.label
        COURT_ORDER = Basis.COURT_ORDER.value, Basis.COURT_ORDER.label

    survivor = models.ForeignKey(
        "accounts.SurvivorProfile", verbose_name=_("survivor"), on_delete=models.CASCADE, related_name="disclosures"
    )
    basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices)
    reference = models.CharField(
        _("reference"), max_length=100, help_text=_("The law, report number or court order number.")
    )
    disclosed_to = models.CharField(_("given to"), max_length=200)
    categories = models.JSONField(_("what"), default=list)
    at = models.DateTimeField(_("when"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("legal disclosure")
        verbose_name_plural = _("legal disclosures")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return _("Disclosure #%(id)s") % {"id": self.pk}
