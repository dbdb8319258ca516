"""The kinds of survivor data a consent can share, named once for models, forms, policy and pages."""

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


# In plain words, for the survivor's list: "<organisation> can see <these>".
PLAIN_WORDS = {
    Category.CONTACT: _("your name and phone number"),
    Category.GOALS: _("the goals in your plan"),
    Category.STEPS: _("the steps in your plan"),
    Category.REFERRALS: _("the places you were sent to"),
    Category.APPOINTMENTS: _("your appointments"),
    Category.CHECKINS: _("your check-in texts"),
    Category.NOTES: _("notes your advocate wrote"),
}

PERMIT = "permit"
DENY = "deny"
