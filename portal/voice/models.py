"""One row per phone call, keyed by Twilio's CallSid: everything the menu needs, and nothing more.

The caller's number is never stored here: only its blind index (to find her Contact and to resume a
dropped call) and, once she asked for a call back, the Contact that holds the number encrypted. Both the
index and the ZIP code are forgotten once a call ends or can no longer be resumed (voice.calls.forget_old_calls).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.checkins import words
from portal.checkins.models import CheckIn
from portal.core.fields import EncryptedTextField
from portal.messaging.models import Contact, HelpRequest

# Her answer to a check-in by keypad, named as the check-in list names it.
CHECK_IN_ANSWERS = [
    (words.OK, CheckIn.Status.OK.label),
    (words.CALL_ME, CheckIn.Status.CALL_ME.label),
    (words.HELP_NOW, CheckIn.Status.HELP_NOW.label),
]


class Call(models.Model):
    class Step(models.TextChoices):
        LANGUAGE = "language", _("Choosing a language")
        MENU = "menu", _("The main menu")
        ZIP = "zip", _("Typing a ZIP code")
        PLACES = "places", _("Heard places near her")
        CALLBACK = "callback", _("Asked for a call back")
        CHECKIN = "checkin", _("Answering her check-in")
        ANSWERED = "answered", _("Answered her check-in")
        DONE = "done", _("Said goodbye")

    call_sid = models.CharField(max_length=64, unique=True)
    # Keyed hash of the caller's number (portal.core.phones.phone_index); empty for a withheld number.
    caller_index = models.CharField(max_length=64, blank=True, default="", db_index=True)
    # Her carrier vouched that the caller holds the number (Twilio's StirVerstat, full attestation), or the
    # portal placed the call itself. Only then may a keypad answer a check-in: caller ID alone can be forged.
    caller_verified = models.BooleanField(_("caller's number verified"), default=False)
    # Her calls go with her Contact when her case is purged.
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # Empty until chosen (or known from her Contact).
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, blank=True, default="")
    step = models.CharField(_("got as far as"), max_length=10, choices=Step.choices, default=Step.LANGUAGE)
    # Wrong or missing keys in a row at the current step: after three, a polite goodbye.
    attempts = models.PositiveSmallIntegerField(default=0)
    # Kept so "press 1 to hear again" can search again; a place is personal, so it is encrypted.
    zip_code = EncryptedTextField(blank=True, default="")
    # Her answer to a check-in on this call (checkins.words: ok, call_me, help_now): recorded once.
    check_in_answer = models.CharField(
        _("check-in answer"), max_length=10, choices=CHECK_IN_ANSWERS, blank=True, default=""
    )
    help_request = models.ForeignKey(
        HelpRequest,
        verbose_name=_("help request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What she chose on the menu, for the staff's list of calls (voice.admin): never what she typed.
    heard_places = models.BooleanField(_("heard places near a ZIP code"), default=False)
    heard_hotline_number = models.BooleanField(_("heard the help line numbers"), default=False)
    dialled_hotline = models.BooleanField(_("put through to the hotline"), default=False)
    resumed_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="resumed_by"
    )
    created_at = models.DateTimeField(_("called at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-created_at"]
        indexes = [
            # Every new call forgets the calls that can no longer resume (calls.forget_old_calls): only the
            # few open ones are read, not every call the line has ever had.
            models.Index(fields=["updated_at"], condition=models.Q(ended_at__isnull=True), name="voice_call_open"),
        ]

    def __str__(self):
        # Never the number: this string may reach a log or the admin.
        return _("Call #%(id)s") % {"id": self.pk}
