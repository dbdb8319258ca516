"""What each category shows to a partner agency: rows of (label, value) for one survivor.

Only the readers here turn survivor records into partner-facing text, one reader per category,
so "exactly the permitted categories" is a lookup, never a template condition.
"""

from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from portal.accounts.categories import Category
from portal.checkins.models import CheckIn
from portal.plans.models import Appointment, Goal, Plan, Referral, Step


def open_plans(survivor):
    return Plan.objects.filter(survivor=survivor).exclude(status=Plan.Status.CLOSED)


def contact_rows(survivor):
    contact = survivor.contact
    return [
        [(_("Name or alias"), survivor.name), (_("Phone"), contact.phone)],
        [
            (_("Language"), contact.get_language_display()),
            (
                _("Safe to text"),
                f"{contact.safe_hours_start:%H:%M}–{contact.safe_hours_end:%H:%M} ({contact.time_zone})",
            ),
        ],
    ]


def goal_rows(survivor):
    goals = Goal.objects.filter(plan__in=open_plans(survivor)).exclude(status=Goal.Status.STOPPED)
    return [
        [(_("Goal"), goal.text), (_("Area"), goal.get_domain_display()), (_("Status"), goal.get_status_display())]
        for goal in goals
    ]


def step_rows(survivor):
    steps = Step.objects.filter(plan__in=open_plans(survivor))
    return [
        [
            (_("Step"), step.text),
            (_("Who does it"), step.get_who_display()),
            (_("By when"), formats.date_format(step.due_date) if step.due_date else ""),
            (_("Status"), step.get_status_display()),
        ]
        for step in steps
    ]


def referral_rows(survivor):
    referrals = Referral.objects.filter(plan__in=open_plans(survivor)).select_related("service")
    return [
        [(_("Service"), referral.service.name), (_("Status"), referral.get_status_display())] for referral in referrals
    ]


def her_local_time(survivor, moment):
    """`moment` as a clock where she lives reads it: the time she was told, whatever the server's zone."""
    return formats.date_format(timezone.localtime(moment, ZoneInfo(survivor.contact.time_zone)), "DATETIME_FORMAT")


def appointment_rows(survivor):
    appointments = Appointment.objects.filter(plan__in=open_plans(survivor))
    return [
        [
            (_("Date and time"), her_local_time(survivor, appointment.starts_at)),
            (_("With whom"), appointment.with_whom),
            (_("Where"), "" if appointment.hide_place else appointment.place),
        ]
        for appointment in appointments
    ]


def checkin_rows(survivor):
    """When each check-in was sent and how it was answered: never the texts themselves."""
    check_ins = CheckIn.objects.filter(plan__survivor=survivor, sent_at__isnull=False).order_by("-sent_at")[:30]
    return [
        [
            (_("Date and time"), her_local_time(survivor, check_in.sent_at)),
            (_("Status"), check_in.get_status_display()),
        ]
        for check_in in check_ins
    ]


def note_rows(survivor):
    """The notes alone: naming the service a note is about would share a referral."""
    referrals = Referral.objects.filter(plan__in=open_plans(survivor))
    return [[(_("Note"), referral.note)] for referral in referrals if referral.note]


READERS = {
    Category.CONTACT: contact_rows,
    Category.GOALS: goal_rows,
    Category.STEPS: step_rows,
    Category.REFERRALS: referral_rows,
    Category.APPOINTMENTS: appointment_rows,
    Category.CHECKINS: checkin_rows,
    Category.NOTES: note_rows,
}


def rows_for(survivor, category):
    return READERS[Category(category)](survivor)
