"""Case notes: what an advocate writes down about a survivor's case, encrypted like every personal detail.

A note is her organisation's by default. "Care team" notes may also be read by partner agencies on
her care team, but only while she has a live consent to that organisation that covers notes; that
decision, and the log of each read, belong to sharing.policy (see notes.py).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.fields import EncryptedTextField


class CaseNote(models.Model):
    class Visibility(models.TextChoices):
        ORGANIZATION = "organization", _("Only my organization")
        CARE_TEAM = "care_team", _("Also her care team, if she agreed to share notes")

    survivor = models.ForeignKey(
        "accounts.SurvivorProfile", verbose_name=_("survivor"), on_delete=models.CASCADE, related_name="case_notes"
    )
    # The organisation whose case it is when written: notes stay with it.
    organization = models.ForeignKey(
        "directory.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = EncryptedTextField(_("note"))
    visibility = models.CharField(
        _("who can read it"), max_length=20, choices=Visibility.choices, default=Visibility.ORGANIZATION
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        # Never the text: this string appears in admin titles and logs.
        return _("Case note #%(id)s") % {"id": self.pk}
