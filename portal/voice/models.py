"""One row per phone call, keyed by Twilio's CallSid: everything the menu needs, and nothing more.

The caller's number is never stored here: only its blind index (to find her Contact and to resume a
dropped call) and, once she asked for a call back, the Contact that holds the number encrypted. Both the
index and the ZIP code are forgotten once a call ends or can no longer be resumed (voice.calls.forget_old_calls).
"""

from django.db import models

from portal.core.fields import EncryptedTextField
from portal.messaging.models import Contact, HelpRequest


class Call(models.Model):
    class Step(models.TextChoices):
        LANGUAGE = "language"  # choosing a language
        MENU = "menu"  # the main menu
        ZIP = "zip"  # typing a ZIP code
        PLACES = "places"  # heard the places open now; may hear them again
        CALLBACK = "callback"  # asked for a call back; may say she is not safe
        CHECKIN = "checkin"  # answering her check-in by keypad
        ANSWERED = "answered"  # answered her check-in; may ask for a person
        DONE = "done"  # said goodbye or connected to the hotline

    call_sid = models.CharField(max_length=64, unique=True)
    # Keyed hash of the caller's number (portal.core.phones.phone_index); empty for a withheld number.
    caller_index = models.CharField(max_length=64, blank=True, default="", db_index=True)
    # Her calls go with her Contact when her case is purged.
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # Empty until chosen (or known from her Contact).
    language = models.CharField(max_length=10, blank=True, default="")
    step = models.CharField(max_length=10, choices=Step.choices, default=Step.LANGUAGE)
    # Wrong or missing keys in a row at the current step: after three, a polite goodbye.
    attempts = models.PositiveSmallIntegerField(default=0)
    # Kept so "press 1 to hear again" can search again; a place is personal, so it is encrypted.
    zip_code = EncryptedTextField(blank=True, default="")
    # Her answer to a check-in on this call (checkins.words: ok, call_me, help_now): recorded once.
    check_in_answer = models.CharField(max_length=10, blank=True, default="")
    help_request = models.ForeignKey(HelpRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    resumed_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="resumed_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # Every new call forgets the calls that can no longer resume (calls.forget_old_calls): only the
            # few open ones are read, not every call the line has ever had.
            models.Index(fields=["updated_at"], condition=models.Q(ended_at__isnull=True), name="voice_call_open"),
        ]

    def __str__(self):
        # Never the number: this string may reach a log or the admin.
        return f"Call #{self.pk}"
