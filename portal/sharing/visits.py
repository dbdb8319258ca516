""" "Who viewed my information", told as visits: one row for each time a person looked.

The access log keeps one row per read (a partner opening a plan reads goals, steps and
appointments: three rows in a second). A survivor asks "who looked, from where, at what,
when and why", so reads by the same person, from the same organisation and on the same basis,
each within VISIT_GAP of the last, are one visit.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _

from portal.accounts.categories import Category

from .categories import PLAIN_WORDS
from .models import Basis

VISIT_GAP = timedelta(minutes=30)

# Why they were allowed to look, said plainly.
WHY = {
    Basis.OWN_ORGANIZATION: _("They work at the place that helps you, with your advocate."),
    Basis.CONSENT: _("You said yes to sharing this with them."),
    Basis.DUTY_TO_REPORT: _("The law made us tell them, to keep someone safe."),
    Basis.COURT_ORDER: _("A judge ordered us to share it."),
    Basis.NONE: _("They were not allowed, so they saw nothing."),
}


@dataclass
class Visit:
    person: str
    organization: str
    basis: str
    permitted: bool
    started: datetime
    ended: datetime
    what: list = field(default_factory=list)

    @property
    def basis_label(self):
        return Basis(self.basis).label

    @property
    def why(self):
        return WHY[Basis(self.basis) if self.permitted else Basis.NONE]


def visits(events):
    """Group access events (any order) into visits, newest first."""
    found = []
    open_visits = {}
    for event in sorted(events, key=lambda event: (event.at, event.pk)):
        organization = event.organization.name if event.organization_id else ""
        key = (event.viewer_id, event.viewer_name, event.organization_id, event.basis, event.permitted)
        visit = open_visits.get(key)
        if visit is None or event.at - visit.ended > VISIT_GAP:
            visit = Visit(event.viewer_name, organization, event.basis, event.permitted, event.at, event.at)
            open_visits[key] = visit
            found.append(visit)
        visit.ended = event.at
        words = PLAIN_WORDS[Category(event.category)]
        if words not in visit.what:
            visit.what.append(words)
    return sorted(found, key=lambda visit: visit.started, reverse=True)
