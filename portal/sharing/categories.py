"""How a consent speaks of the kinds of data (accounts.categories.Category) it shares or withholds."""

from django.utils.translation import gettext_lazy as _

from portal.accounts.categories import Category

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
