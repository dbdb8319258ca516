"""What the SMS layer remembers: who we text, what came in, what goes out, and who asked for help.

Bodies, phone numbers and code words are personal data: encrypted at rest, found through
a blind index, never shown in a URL or a log line.
"""

import zoneinfo
from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.fields import EncryptedTextField
from portal.core.phones import last_four_digits, last_four_index, normalize_phone, phone_index

from .channels import TEXT_CHANNELS, Channel, StopScope
from .statuses import DeliveryStatus

TEXAS_TIME_ZONES = [
    ("America/Chicago", _("Central time (most of Texas)")),
    ("America/Denver", _("Mountain time (El Paso area)")),
]


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Choose a time zone from the list."))


class ContactQuerySet(models.QuerySet):
    def for_phone(self, raw):
        """The contact for a phone number however it is written, or None. Raises InvalidPhoneNumber."""
        return self.filter(phone_index=phone_index(raw)).first()

    def get_or_create_for_phone(self, raw, **defaults):
        """One row per number, even when two requests race for it (unique blind index)."""
        number = normalize_phone(raw)
        return self.get_or_create(phone_index=phone_index(number), defaults={"phone": number, **defaults})


class Contact(models.Model):
    """One phone number and the safe-contact preferences of whoever holds it.

    The number is the unit of opt-out (STOP stops everything the portal sends to it), so these
    preferences live here; a survivor's profile will point at their contact.
    """

    phone = EncryptedTextField(_("phone number"))
    phone_index = models.CharField(max_length=64, unique=True, editable=False)
    # Staff find a number by its last four digits (a keyed hash of those four only); empty without a number.
    phone_last_four_index = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="America/Chicago", validators=[validate_time_zone]
    )
    # Equal start and end mean any time of day is safe.
    safe_hours_start = models.TimeField(_("safe to text from"), default=time(9))
    safe_hours_end = models.TimeField(_("safe to text until"), default=time(20))
    may_identify = models.BooleanField(
        _("we may say who we are"),
        default=False,
        help_text=_("If not, texts never name the organisation, a service or the topic."),
    )
    code_word = EncryptedTextField(_("code word"), blank=True, default="")
    # How the portal starts a conversation with her, by purpose (messaging.api.channel_for): an advocate's
    # message and notices go by `channel`, check-ins by `check_in_channel` (which may be a call), sign-in
    # codes by `sign_in_channel` (WhatsApp only while an approved template serves her language, else SMS).
    # An answer to her text goes back the way her text came.
    channel = models.CharField(_("advocate messages go by"), max_length=10, choices=TEXT_CHANNELS, default=Channel.SMS)
    check_in_channel = models.CharField(
        _("check-ins go by"), max_length=10, choices=Channel.choices, default=Channel.SMS
    )
    sign_in_channel = models.CharField(
        _("sign-in codes go by"), max_length=10, choices=TEXT_CHANNELS, default=Channel.SMS
    )
    # Whose case this number is: the survivor's organisation, or the one whose advocate took it
    # from the shared queue. Empty only while nobody has taken it (see claim_contact).
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    # A STOP on one channel stops every channel, unless she chose that it stops only the one it came
    # on (messaging.opt_out says how each is recorded and read).
    stop_scope = models.CharField(
        _("a STOP stops"), max_length=10, choices=StopScope.choices, default=StopScope.EVERY_CHANNEL
    )
    opted_out_at = models.DateTimeField(_("opted out"), null=True, blank=True)
    stopped_channel = models.CharField(
        _("stopped on this channel only"), max_length=10, choices=TEXT_CHANNELS, blank=True, default=""
    )
    wrong_number_at = models.DateTimeField(_("reported as a wrong number"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        # Never the number itself: this string appears in admin titles and logs.
        return _("Contact #%(id)s") % {"id": self.pk}

    def save(self, *args, **kwargs):
        if self.phone:
            self.phone = normalize_phone(self.phone)
            self.phone_index = phone_index(self.phone)
            self.phone_last_four_index = last_four_index(last_four_digits(self.phone))
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            # Whose case a number is changes only through claim_contact and the survivor's profile, never
            # by saving an older copy of the row.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "organization"
            ]
        super().save(*args, **kwargs)

    @property
    def masked_phone(self):
        """Enough for an advocate to tell two numbers apart, not enough to copy one."""
        return f"•••{self.phone[-4:]}" if self.phone else ""

    @property
    def may_receive(self):
        """Nothing stops every channel (a channel she stopped alone is checked by opt_out.may_send)."""
        return self.opted_out_at is None and self.wrong_number_at is None

    @property
    def keeps_a_refusal(self):
        """An opt-out or a wrong number of any kind: the number must be remembered to keep honouring it."""
        return not self.may_receive or bool(self.stopped_channel)


class ConversationQuerySet(models.QuerySet):
    def unread(self):
        """She wrote after a staff member of the organisation last opened or answered the thread."""
        return self.filter(survivor_wrote_at__isnull=False).filter(
            models.Q(staff_seen_at__isnull=True) | models.Q(survivor_wrote_at__gt=models.F("staff_seen_at"))
        )

    def unanswered(self):
        """She wrote after the last staff reply (opening the thread is not answering it)."""
        return self.filter(survivor_wrote_at__isnull=False).filter(
            models.Q(staff_replied_at__isnull=True) | models.Q(survivor_wrote_at__gt=models.F("staff_replied_at"))
        )


class Conversation(models.Model):
    """The thread between the portal and one contact, until an advocate closes it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="conversations")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    urgent = models.BooleanField(_("urgent"), default=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sms_conversations",
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now, db_index=True)
    # Unread for the organisation: she wrote (a text or a question) after staff last opened or answered it.
    survivor_wrote_at = models.DateTimeField(null=True, blank=True, editable=False)
    staff_seen_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Unanswered: she wrote after the last reply a staff member sent.
    staff_replied_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["status", "-urgent", "-last_message_at"]
        constraints = [
            # At most one open thread per number: a new text joins it rather than racing to start another.
            models.UniqueConstraint(
                fields=["contact"], condition=models.Q(status="open"), name="one_open_conversation_per_contact"
            )
        ]

    def __str__(self):
        return _("Conversation #%(id)s") % {"id": self.pk}

    @property
    def unread(self):
        return self.survivor_wrote_at is not None and (
            self.staff_seen_at is None or self.survivor_wrote_at > self.staff_seen_at
        )


class HelpRequest(models.Model):
    """Someone asked for help, by the web form or by text; an advocate answers it."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        URGENT = "urgent", _("Urgent")
        ASSIGNED = "assigned", _("Assigned")
        CLOSED = "closed", _("Closed")

    class Kind(models.TextChoices):
        SAFE_PLACE = "safe_place", _("A safe place to stay")
        LEGAL = "legal", _("Help with legal problems or papers")
        HEALTH = "health", _("Medical or mental health care")
        BASICS = "basics", _("Food, money or a job")
        TALK = "talk", _("Someone to talk to")
        OTHER = "other", _("Something else")
        # Raised by the portal, never chosen on a form: see accounts.duress.
        DURESS = "duress", _("Duress: she may be forced or watched")
        # "Ask my advocate" on her own page: each question is its own item.
        QUESTION = "question", _("A question from her own page")

    class Source(models.TextChoices):
        WEB = "web", _("Web form")
        SMS = "sms", _("Text message")
        VOICE = "voice", _("Phone call")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="help_requests")
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="help_requests")
    kind = models.CharField(_("kind of help"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    source = models.CharField(_("came by"), max_length=10, choices=Source.choices)
    message = EncryptedTextField(_("message"), blank=True, default="")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    urgent = models.BooleanField(_("urgent"), default=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="help_requests",
    )
    # The queue order: urgent first, then new, then assigned; closed last (see save()).
    queue_rank = models.PositiveSmallIntegerField(default=1, editable=False, db_index=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        ordering = ["queue_rank", "created_at"]

    def __str__(self):
        return _("Help request #%(id)s") % {"id": self.pk}

    def save(self, *args, **kwargs):
        if self.status == self.Status.NEW and self.urgent:
            self.status = self.Status.URGENT
        if self.status in (self.Status.NEW, self.Status.URGENT) and self.assigned_to_id:
            self.status = self.Status.ASSIGNED
        self.queue_rank = {
            self.Status.URGENT: 0,
            self.Status.NEW: 1,
            self.Status.ASSIGNED: 2 if self.urgent else 3,
            self.Status.CLOSED: 9,
        }[self.status]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "queue_rank", "status", "updated_at"}
        super().save(*args, **kwargs)


class InboundMessage(models.Model):
    """A text Twilio delivered to us. Unique on MessageSid: a retried webhook changes nothing."""

    message_sid = models.CharField(max_length=64, unique=True)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="inbound_messages")
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound_messages"
    )
    body = EncryptedTextField(blank=True, default="")
    keyword = models.CharField(max_length=20, blank=True, default="")
    # The way it came: answers go back the same way, and WhatsApp's 24-hour window counts from it.
    channel = models.CharField(max_length=10, choices=TEXT_CHANNELS, default=Channel.SMS)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("incoming text")
        verbose_name_plural = _("incoming texts")

    def __str__(self):
        return _("Incoming text #%(id)s") % {"id": self.pk}


class OutboundMessage(models.Model):
    """The outbox: a row is written in the caller's transaction, then sent after commit.

    `status` only ever moves forward (see statuses.py), whatever order the provider's
    callbacks arrive in; `claimed_until` keeps two workers from sending one row twice.
    """

    Status = DeliveryStatus

    class Purpose(models.TextChoices):
        REPLY = "reply", _("Reply to a text")
        HELP_CONFIRMATION = "help_confirmation", _("Help request confirmation")
        OPT_OUT_CONFIRMATION = "opt_out_confirmation", _("Opt-out confirmation")
        ADVOCATE = "advocate", _("Advocate message")
        NOTICE = "notice", _("Notice")
        CHECK_IN = "check_in", _("Check-in")
        SIGN_IN_CODE = "sign_in_code", _("Sign-in code")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="outbound_messages")
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.SET_NULL, related_name="outbound_messages"
    )
    purpose = models.CharField(max_length=30, choices=Purpose.choices, default=Purpose.NOTICE)
    template = models.CharField(max_length=40, blank=True, default="")
    language = models.CharField(max_length=10, default="en")
    # SMS, WhatsApp or (a check-in) a call; never changed at send time (a WhatsApp message that cannot go
    # fails, it does not become an SMS). A call's body is kept as the record of what the check-in asks.
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.SMS)
    body = EncryptedTextField()
    segments = models.PositiveSmallIntegerField(default=1)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A reply to someone who texted a moment ago may go out at once, even outside safe hours.
    is_prompt_reply = models.BooleanField(default=False)
    # The urgent text an advocate answered outside safe hours with this reply: one such reply per text.
    answers_urgent = models.OneToOneField(
        InboundMessage, null=True, blank=True, on_delete=models.SET_NULL, related_name="urgent_reply"
    )
    status = models.CharField(max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    claimed_until = models.DateTimeField(null=True, blank=True)
    provider_sid = models.CharField(max_length=64, null=True, blank=True, unique=True)
    error_code = models.CharField(max_length=20, blank=True, default="")
    # WhatsApp refused this free text as outside her 24-hour window (Twilio error 63016): her window is
    # closed from then until she writes again (channels.whatsapp_window_open reads it).
    window_refused_at = models.DateTimeField(null=True, blank=True, editable=False)
    # An approved template's variables when they are not the text itself, as JSON: a sign-in code's
    # authentication template carries only the code.
    template_variables = EncryptedTextField(blank=True, default="", editable=False)
    # The approved template sent once in place of a free text WhatsApp refused after Twilio took it, or the
    # SMS sent once in place of a sign-in code WhatsApp could not deliver.
    resend_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="resent_as", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("outgoing text")
        verbose_name_plural = _("outgoing texts")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return _("Outgoing text #%(id)s") % {"id": self.pk}


class ProposedSettings(models.Model):
    """Text settings a web form asked for on a number we already text, waiting for the phone to say YES.

    Anyone can type any number into a form; only whoever holds the phone can change how we text it.
    One proposal per number: a newer form replaces an older one.
    """

    contact = models.OneToOneField(Contact, on_delete=models.CASCADE, related_name="proposed_settings")
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])
    safe_hours_start = models.TimeField()
    safe_hours_end = models.TimeField()
    may_identify = models.BooleanField(default=False)
    code_word = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("text settings waiting for the phone's YES")
        verbose_name_plural = _("text settings waiting for the phone's YES")

    def __str__(self):
        return _("Proposed settings #%(id)s") % {"id": self.pk}
