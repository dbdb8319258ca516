"""What survivors say about the services they were sent to, and whether they may be counted.

A rating belongs to the survivor who gave it (so they can change it, and so it leaves with their
data), but nothing a provider sees ever names them: provider-facing views only show aggregates,
and only of survivors who agreed to be counted (ReportingConsent).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.fields import EncryptedTextField

SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class ReportingConsent(models.Model):
    """The survivor's yes or no to being counted, without their name, in reports. No row means no."""

    survivor = models.OneToOneField(
        "accounts.SurvivorProfile", on_delete=models.CASCADE, related_name="reporting_consent"
    )
    agreed = models.BooleanField(_("may be counted in reports"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("consent to be counted in reports")
        verbose_name_plural = _("consents to be counted in reports")

    def __str__(self):
        return f"reporting consent of survivor #{self.survivor_id}"


class Feedback(models.Model):
    """One survivor's rating of one service; a new rating of the same service replaces the old one."""

    survivor = models.ForeignKey("accounts.SurvivorProfile", on_delete=models.CASCADE, related_name="feedback")
    service = models.ForeignKey("directory.Service", on_delete=models.CASCADE, related_name="feedback")
    referral = models.ForeignKey(
        "plans.Referral", null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    met_need = models.PositiveSmallIntegerField(_("met my need"), validators=SCORE)
    respect = models.PositiveSmallIntegerField(_("treated with respect"), validators=SCORE)
    language_ok = models.BooleanField(_("language access OK"))
    comment = EncryptedTextField(_("comment"), blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("service feedback")
        verbose_name_plural = _("service feedback")
        constraints = [models.UniqueConstraint(fields=["survivor", "service"], name="one_rating_per_service")]

    def __str__(self):
        # Never the survivor or the comment: this string can reach admin titles and logs.
        return f"feedback #{self.pk}"
