"""Who works where, and the survivors each organisation serves.

Survivors are not Django users. A survivor's identity is their SurvivorProfile, reached through
their phone (a texted code) and a PIN; staff are Users with a password and TOTP. See
survivor_auth.py for why the two never meet.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import SideChannelDevice, ThrottlingMixin

from portal.core.fields import EncryptedTextField

from .signals import case_closed


class Membership(models.Model):
    """A staff member's place in one organisation, and what they do there."""

    class Role(models.TextChoices):
        ADVOCATE = "advocate", _("Advocate")
        SUPERVISOR = "supervisor", _("Supervisor")
        EDITOR = "editor", _("Editor")
        PARTNER = "partner", _("Partner agency user")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        "directory.Organization", verbose_name=_("organization"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.ADVOCATE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_organization")]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


# Roles that keep survivors' cases. Partner users see only what a consent shares (the sharing app).
CASE_ROLES = (Membership.Role.ADVOCATE, Membership.Role.SUPERVISOR)


def organization_ids(user, roles=None):
    """The organisations `user` is a member of in one of `roles` (any role when None).

    Every admin page's menu asks several of these questions; the memberships are read once per
    request (kept on the request's user object) and each question is answered from that list.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    memberships = getattr(user, "_memberships", None)
    if memberships is None:
        memberships = list(
            Membership.objects.filter(user=user).values_list("organization_id", "role").order_by("organization_id")
        )
        user._memberships = memberships
    return [organization_id for organization_id, role in memberships if roles is None or role in roles]


def case_organization_ids(user):
    """The organisations whose survivors `user` may see: their own, as advocate or supervisor.

    No exception for superusers: access to survivor records comes from membership only.
    """
    return organization_ids(user, CASE_ROLES)


class SurvivorProfileQuerySet(models.QuerySet):
    def for_staff(self, user):
        return self.filter(organization_id__in=case_organization_ids(user))

    def open(self):
        return self.filter(closed_at__isnull=True)


class AgeGroup(models.TextChoices):
    """Coarse on purpose: a dump of the table shows no birth date, only one of these five."""

    UNKNOWN = "unknown", _("Prefer not to say or unknown")
    UNDER_18 = "under_18", _("Under 18")
    FROM_18_TO_24 = "18_24", _("18 to 24")
    FROM_25_TO_59 = "25_59", _("25 to 59")
    FROM_60 = "60_plus", _("60 or older")


class TraffickingType(models.TextChoices):
    UNKNOWN = "unknown", _("Prefer not to say or unknown")
    SEX = "sex", _("Sex trafficking")
    LABOR = "labor", _("Labor trafficking")
    BOTH = "both", _("Both sex and labor trafficking")


class NationalityGroup(models.TextChoices):
    """No country and no immigration case: only the group a funder asks about."""

    UNKNOWN = "unknown", _("Prefer not to say or unknown")
    US_CITIZEN = "us_citizen", _("U.S. citizen")
    PERMANENT_RESIDENT = "lpr", _("Lawful permanent resident")
    FOREIGN_NATIONAL = "foreign_national", _("Foreign national")


class SurvivorProfile(models.Model):
    """A survivor, created by an advocate at intake. Their phone and texting preferences live in
    their messaging Contact (one number, one set of safe-contact rules, one opt-out)."""

    organization = models.ForeignKey(
        "directory.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="survivors"
    )
    name = EncryptedTextField(_("name or alias"), help_text=_("Whatever name they want us to use."))
    contact = models.OneToOneField(
        "messaging.Contact", verbose_name=_("phone"), on_delete=models.PROTECT, related_name="survivor_profile"
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    voicemail_ok = models.BooleanField(_("voicemail is OK"), default=False)
    # Asked at intake for the funder's quarterly counts (feedback.quarterly); see docs/funder-reports.md.
    age_group = models.CharField(
        _("age group at intake"), max_length=20, choices=AgeGroup.choices, default=AgeGroup.UNKNOWN
    )
    trafficking_type = models.CharField(
        _("type of trafficking"), max_length=20, choices=TraffickingType.choices, default=TraffickingType.UNKNOWN
    )
    nationality_group = models.CharField(
        _("citizenship"), max_length=20, choices=NationalityGroup.choices, default=NationalityGroup.UNKNOWN
    )
    # A neutral "there is news in your account" text when a referral moves on; off until she asks.
    news_texts = models.BooleanField(_("text me when there is news"), default=False)
    pin_hash = models.CharField(max_length=128, blank=True, default="", editable=False)
    # The second PIN she gives when forced to sign in (see duress.py); hashed like her PIN, never shown.
    duress_pin_hash = models.CharField(max_length=128, blank=True, default="", editable=False)
    # A word that, texted in answer to a check-in, means "not safe, someone is watching".
    duress_word = EncryptedTextField(blank=True, default="", editable=False)
    failed_attempts = models.PositiveIntegerField(_("failed sign-in attempts"), default=0, editable=False)
    locked = models.BooleanField(_("sign-in locked"), default=False, editable=False)
    # Raised by "sign out everywhere": every session holding an older number ends.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    deletion_requested_at = models.DateTimeField(_("asked for deletion"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("case closed"), null=True, blank=True, editable=False)
    delete_after = models.DateTimeField(_("delete personal data after"), null=True, blank=True, editable=False)

    objects = SurvivorProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("survivor")
        verbose_name_plural = _("survivors")
        ordering = ["-created_at"]

    def __str__(self):
        # Never the name: this string appears in admin titles, logs and the audit log.
        return _("Survivor #%(id)s") % {"id": self.pk}

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Her number, texts and requests are her organisation's case, wherever they are looked at.
        from portal.messaging.models import Contact

        Contact.objects.filter(pk=self.contact_id).exclude(organization_id=self.organization_id).update(
            organization_id=self.organization_id
        )

    @property
    def has_pin(self):
        return bool(self.pin_hash)

    def set_pin(self, pin):
        self.pin_hash = make_password(pin)
        self.save(update_fields=["pin_hash"])

    def check_pin(self, pin):
        return bool(self.pin_hash) and check_password(pin, self.pin_hash)

    @property
    def may_sign_in(self):
        return not self.locked and self.closed_at is None

    def record_failure(self):
        """One more wrong code or PIN, counted in the database so no session or resend resets it."""
        this = SurvivorProfile.objects.filter(pk=self.pk)
        this.update(failed_attempts=F("failed_attempts") + 1)
        this.filter(failed_attempts__gte=settings.SURVIVOR_MAX_FAILED_ATTEMPTS).update(locked=True)
        self.refresh_from_db(fields=["failed_attempts", "locked"])

    @property
    def has_duress_pin(self):
        return bool(self.duress_pin_hash)

    def set_duress_pin(self, pin):
        self.duress_pin_hash = make_password(pin) if pin else ""
        self.save(update_fields=["duress_pin_hash"])

    def reset_pin(self):
        """After an advocate checked who they are in person: they choose a new PIN at next sign-in.

        The second PIN goes too: the new PIN could otherwise be the same, and she sets it again
        from her settings once she is signed in."""
        self.pin_hash = ""
        self.duress_pin_hash = ""
        self.session_epoch += 1
        self.save(update_fields=["pin_hash", "duress_pin_hash", "session_epoch"])

    def unlock(self):
        self.failed_attempts = 0
        self.locked = False
        self.save(update_fields=["failed_attempts", "locked"])
        SignInCodeDevice.objects.filter(profile=self).update(
            throttling_failure_count=0, throttling_failure_timestamp=None
        )

    def end_all_sessions(self):
        SurvivorProfile.objects.filter(pk=self.pk).update(session_epoch=F("session_epoch") + 1)
        self.refresh_from_db(fields=["session_epoch"])

    @transaction.atomic
    def close_case(self, when=None, *, staff=None):
        """Closing schedules the deletion of personal data; asked-for deletion happens at the next purge.
        The survivor's plans close with it (signals.case_closed)."""
        when = when or timezone.now()
        self.closed_at = when
        self.delete_after = when if self.deletion_requested_at else when + timedelta(days=settings.RETENTION_DAYS)
        self.session_epoch += 1
        self.save(update_fields=["closed_at", "delete_after", "session_epoch"])
        case_closed.send(sender=type(self), survivor=self, staff=staff)


class DuressSignal(models.Model):
    """She gave her second PIN, or texted her check-in word: someone may be making her, or watching.

    Staff-side only: nothing about it is ever shown or texted to her phone. The urgent help
    request it opens is what the queue and the on-call email show; this row is the record's entry.
    """

    class Source(models.TextChoices):
        SIGN_IN = "sign_in", _("Duress sign-in (second PIN)")
        CHECK_IN_WORD = "check_in_word", _("Duress word in a check-in reply")

    survivor = models.ForeignKey(
        SurvivorProfile, verbose_name=_("survivor"), on_delete=models.CASCADE, related_name="duress_signals"
    )
    source = models.CharField(_("what happened"), max_length=20, choices=Source.choices)
    help_request = models.ForeignKey(
        "messaging.HelpRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="duress_signals"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("duress alert")
        verbose_name_plural = _("duress alerts")
        ordering = ["-created_at"]

    def __str__(self):
        return _("Duress alert #%(id)s") % {"id": self.pk}


class SurvivorDeviceManager(models.Manager):
    def devices_for_user(self, user, confirmed=None):
        """A texted survivor code is never a staff member's second factor."""
        return self.none()


class SignInCodeDevice(ThrottlingMixin, SideChannelDevice):
    """The django-otp device that texts a survivor their sign-in code through the outbox.

    It belongs to a SurvivorProfile, not a User (`user = None`). The stored token is a keyed hash
    of the code and the sign-in attempt it was sent for, so a code works only in the browser
    session that asked for it, and reading the table does not reveal a live code.
    """

    user = None
    profile = models.OneToOneField(SurvivorProfile, on_delete=models.CASCADE, related_name="sign_in_device")
    token = models.CharField(max_length=64, blank=True, null=True)

    objects = SurvivorDeviceManager()

    class Meta:
        verbose_name = _("sign-in code device")

    def __str__(self):
        return f"sign-in codes for survivor #{self.profile_id}"

    def get_throttle_factor(self):
        return settings.SURVIVOR_OTP_THROTTLE_FACTOR

    @staticmethod
    def digest(attempt, code):
        key = settings.SECRET_KEY.encode()
        return hmac.new(key, f"sign-in-code:{attempt}:{code}".encode(), hashlib.sha256).hexdigest()

    def send_code(self, attempt):
        """A fresh code for this attempt (the previous one stops working), texted through the outbox."""
        from portal.messaging import send_sms, texts
        from portal.messaging.models import OutboundMessage

        self.generate_token(length=6, valid_secs=settings.SURVIVOR_CODE_SECONDS, commit=False)
        code, self.token = self.token, self.digest(attempt, self.token)
        self.save()
        # By the way she chose for codes (messaging.api.channel_for): by SMS, or by WhatsApp as its
        # authentication template, which carries only the code; if WhatsApp fails the same text goes by SMS.
        send_sms(
            self.profile.contact,
            texts.SIGN_IN_CODE,
            {"code": code},
            prompt_reply=True,
            purpose=OutboundMessage.Purpose.SIGN_IN_CODE,
            template_variables={"1": code},
        )

    def verify_code(self, attempt, code):
        """True once for the right code of this attempt within its time; django-otp throttles guesses."""
        allowed, _info = self.verify_is_allowed()
        if not allowed:
            return False
        if self.verify_token(self.digest(attempt, code)):
            self.throttle_reset()
            return True
        self.throttle_increment()
        return False


class NumberRequest(models.Model):
    """Intake met a number that another case already holds; the supervisors settle it, step by step.

    The requesting organisation's supervisors decide whether to ask; the holding organisation's
    supervisors release the number or decline. Neither side is shown the other's survivor or the other
    organisation, and the advocate who typed the number only learns that a supervisor handles it. The
    number is kept only as its blind index, and only while the request is open.
    """

    class Status(models.TextChoices):
        RAISED = "raised", _("Waiting for your supervisor")
        ASKED = "asked", _("Asked to release the number")
        RELEASED = "released", _("Number released")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN = (Status.RAISED, Status.ASKED)

    requesting_organization = models.ForeignKey(
        "directory.Organization", on_delete=models.PROTECT, related_name="+", editable=False
    )
    # The requesting side's survivor; empty when the number was typed for a new survivor at intake.
    survivor = models.ForeignKey(
        SurvivorProfile, null=True, blank=True, on_delete=models.CASCADE, related_name="number_requests"
    )
    holder = models.ForeignKey("messaging.Contact", on_delete=models.CASCADE, related_name="number_requests")
    phone_index = models.CharField(max_length=64, blank=True, default="", editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RAISED)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    asked_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("phone number request")
        verbose_name_plural = _("phone number requests")
        ordering = ["-raised_at"]

    def __str__(self):
        return _("Number request #%(id)s") % {"id": self.pk}

    @property
    def holding_organization_id(self):
        return self.holder.organization_id
