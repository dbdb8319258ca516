"""The kinds of data in a survivor's case record, named once for the admin's read log, models,
forms, the sharing policy and pages. What a consent may share is decided in portal.sharing."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    CONTACT = "contact", _("Contact details")
    GOALS = "goals", _("Plan goals")
    STEPS = "steps", _("Plan steps")
    REFERRALS = "referrals", _("Referrals")
    APPOINTMENTS = "appointments", _("Appointments")
    CHECKINS = "checkins", _("Check-in history")
    NOTES = "notes", _("Notes")
