"""Report tables: ratings and referrals per service, per category and per organisation.

Each builder returns a Table whose cells already went through `suppress`; the page, the SVG chart
and the CSV export all render that same Table, so they cannot disagree. Ratings are counted by
when they were last given, referrals by when they last changed; timeliness (days to accepted and to
service started, acceptance and completion rates) by when each referral was sent.

The three groupings of one quarter are one report: a category's or an organisation's count is the
sum of service rows. Which counts hide is decided once for all three (`hidden_cells`, with
suppression.protect), so no grouping gives away a number another one hides.
"""

from dataclasses import dataclass, field
from statistics import median

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext_lazy as _

from portal.directory.models import Organization, Service, TaxonomyTerm
from portal.plans.models import Referral

from .models import Feedback
from .outcomes import available_outcome_keys, organization_outcomes
from .scope import counted, touching
from .suppression import display, protect, rounded, suppress

GROUPINGS = {
    "service": _("Per service"),
    "category": _("Per category"),
    "organization": _("Per organization"),
}


@dataclass
class Column:
    key: str
    label: str
    numeric: bool = True


@dataclass
class Table:
    grouping: str
    columns: list
    rows: list = field(default_factory=list)  # each: {"label": str, key: value or None}

    def display_rows(self):
        """Each row as the text the table and the CSV show, column by column."""
        return [[row["label"]] + [display(row[column.key]) for column in self.columns[1:]] for row in self.rows]


RATING_COLUMNS = [
    Column("ratings", _("Ratings")),
    Column("met_need", _("Met the need (average, 1-5)")),
    Column("respect", _("Treated with respect (average, 1-5)")),
    Column("language_ok", _("Language access OK (%)")),
]
REFERRAL_COLUMNS = [
    Column("referrals", _("Referrals")),
    Column("accepted", _("Referrals accepted")),
    Column("completed", _("Referrals completed")),
]


# How quickly and how often referrals move on, by when they were sent (see `timeliness`).
TIMELINESS_COLUMNS = [
    Column("days_to_accept", _("Days from sent to accepted (median)")),
    Column("days_to_start", _("Days from sent to service started (median)")),
    Column("accepted_rate", _("Accepted, of referrals answered (%)")),
    Column("completed_rate", _("Completed, of referrals ended after acceptance (%)")),
]
ENDED_AFTER_ACCEPTANCE = (Referral.Status.DONE, Referral.Status.NOT_COMPLETED)


def feedback_in_scope(organization_ids, period):
    return Feedback.objects.filter(counted(), touching(organization_ids), **period.lookup("updated_at"))


def referrals_in_scope(organization_ids, period):
    return (
        Referral.objects.filter(counted("plan__survivor"), touching(organization_ids, survivor="plan__survivor"))
        .exclude(status=Referral.Status.PROPOSED)
        .filter(**period.lookup("updated_at"))
    )


def referrals_sent_in(organization_ids, period):
    """Referrals sent in the period: timeliness follows each referral from the day it was sent."""
    return Referral.objects.filter(
        counted("plan__survivor"), touching(organization_ids, survivor="plan__survivor"), **period.lookup("sent_at")
    )


def days_between(start, end):
    return (end - start).total_seconds() / 86400


def timeliness(queryset, key):
    """{key: figures} from referrals sent in the period.

    Days to accepted and to service started: medians over the referrals that got there. Accepted
    rate: accepted among those answered (accepted or declined). Completed rate: completed among
    those accepted that ended (completed or not completed). Each figure stands on its own count,
    and `suppress` hides it when fewer than the minimum stand behind it.
    """
    groups = {}
    for row in queryset.values(key, "status", "sent_at", "accepted_at", "declined_at", "started_at"):
        groups.setdefault(row[key], []).append(row)
    return {pk: timeliness_figures(rows) for pk, rows in groups.items()}


def timeliness_figures(rows):
    to_accept = [days_between(r["sent_at"], r["accepted_at"]) for r in rows if r["accepted_at"]]
    to_start = [days_between(r["sent_at"], r["started_at"]) for r in rows if r["started_at"]]
    answered = [r for r in rows if r["accepted_at"] or r["declined_at"]]
    ended = [r for r in rows if r["accepted_at"] and r["status"] in ENDED_AFTER_ACCEPTANCE]
    completed = [r for r in ended if r["status"] == Referral.Status.DONE]
    return {
        "days_to_accept": suppress(len(to_accept), rounded(median(to_accept))) if to_accept else None,
        "days_to_start": suppress(len(to_start), rounded(median(to_start))) if to_start else None,
        "accepted_rate": (
            suppress(len(answered), rounded(100 * len(to_accept) / len(answered), 0)) if answered else None
        ),
        "completed_rate": suppress(len(ended), rounded(100 * len(completed) / len(ended), 0)) if ended else None,
    }


def timeliness_cells(figures, hidden=()):
    """A row whose referral count hides hides its timeliness too: the figures are made of the same referrals."""
    if not figures or "referrals" in hidden:
        return {column.key: None for column in TIMELINESS_COLUMNS}
    return figures


def timeliness_by_group(organization_ids, period, key, hidden):
    """{group id: figures} for a category or organisation row, shown only when every service in the
    group shows all of its own figures: a group's rate beside its members' could otherwise give
    away a member's hidden one."""
    sent = referrals_sent_in(organization_ids, period)
    per_service = timeliness(sent, "service_id")
    clear = {
        pk
        for pk, figures in per_service.items()
        if ("service", pk) not in hidden["referrals"] and all(value is not None for value in figures.values())
    }
    members = {}
    for group, service_id in sent.values_list(key, "service_id").distinct():
        members.setdefault(group, set()).add(service_id)
    grouped = timeliness(sent, key)
    return {group: figures for group, figures in grouped.items() if members.get(group, set()) <= clear}


def rating_aggregates(queryset, key):
    rows = queryset.values(key).annotate(
        n=Count("pk"),
        met_need_avg=Avg("met_need"),
        respect_avg=Avg("respect"),
        language_yes=Count("pk", filter=Q(language_ok=True)),
    )
    return {row[key]: row for row in rows}


def referral_aggregates(queryset, key):
    rows = queryset.values(key).annotate(
        n=Count("pk"),
        accepted=Count("pk", filter=Q(status__in=[Referral.Status.ACCEPTED, Referral.Status.DONE])),
        completed=Count("pk", filter=Q(status=Referral.Status.DONE)),
    )
    return {row[key]: row for row in rows}


def rating_cells(aggregate, hidden=False):
    """A hidden count hides the averages made from it too."""
    n = aggregate["n"] if aggregate else 0
    if not n or hidden:
        return {"ratings": None, "met_need": None, "respect": None, "language_ok": None}
    return {
        "ratings": suppress(n),
        "met_need": suppress(n, rounded(aggregate["met_need_avg"])),
        "respect": suppress(n, rounded(aggregate["respect_avg"])),
        "language_ok": suppress(n, rounded(100 * aggregate["language_yes"] / n, 0)),
    }


def referral_cells(aggregate, hidden=()):
    aggregate = aggregate or {"n": 0, "accepted": 0, "completed": 0}
    return {
        "referrals": None if "referrals" in hidden else suppress(aggregate["n"]),
        "accepted": None if "accepted" in hidden else suppress(aggregate["accepted"]),
        "completed": None if "completed" in hidden else suppress(aggregate["completed"]),
    }


# Each count column of the report, and how to read it off a per-service aggregate.
COUNTED = {
    "ratings": ("ratings", "n"),
    "referrals": ("referrals", "n"),
    "accepted": ("referrals", "accepted"),
    "completed": ("referrals", "completed"),
}


def hidden_cells(organization_ids, period):
    """{column: {(grouping, id), ...}}: every count the quarter's report hides, in any grouping.

    A service row is one group of people; a category row adds up its services, an organisation's
    ratings add up its own services'. suppression.protect picks what to hide from those sums.
    """
    per_service = {
        "ratings": rating_aggregates(feedback_in_scope(organization_ids, period), "service_id"),
        "referrals": referral_aggregates(referrals_in_scope(organization_ids, period), "service_id"),
    }
    services = {pk for aggregates in per_service.values() for pk in aggregates if pk is not None}
    in_category, owner = {}, {}
    for service_id, organization_id, term_id, kind in Service.objects.filter(pk__in=services).values_list(
        "pk", "organization_id", "categories", "categories__kind"
    ):
        owner[service_id] = organization_id
        if kind == TaxonomyTerm.CATEGORY:
            in_category.setdefault(term_id, set()).add(service_id)
    hidden = {}
    for column, (source, field_name) in COUNTED.items():
        atoms = {pk: per_service[source].get(pk, {}).get(field_name, 0) for pk in services}
        cells = {("service", pk): frozenset([pk]) for pk in services}
        cells.update({("category", pk): frozenset(members) for pk, members in in_category.items()})
        if column == "ratings":
            for organization_id in organization_ids:
                own = frozenset(pk for pk in services if owner[pk] == organization_id)
                cells[("organization", organization_id)] = own
        hidden[column] = protect(atoms, cells)
    return hidden


def row_hidden(hidden, grouping, pk):
    return {column for column, keys in hidden.items() if (grouping, pk) in keys}


def grouped_table(grouping, label_column, organization_ids, period, key, names_for):
    ratings = rating_aggregates(feedback_in_scope(organization_ids, period), key)
    referrals = referral_aggregates(referrals_in_scope(organization_ids, period), key)
    hidden = hidden_cells(organization_ids, period)
    if grouping == "service":
        timely = timeliness(referrals_sent_in(organization_ids, period), key)
    else:
        timely = timeliness_by_group(organization_ids, period, key, hidden)
    table = Table(grouping, [label_column] + RATING_COLUMNS + REFERRAL_COLUMNS + TIMELINESS_COLUMNS)
    ids = [pk for pk in set(ratings) | set(referrals) | set(timely) if pk is not None]
    names = names_for(ids)
    for pk in sorted(ids, key=lambda pk: (names.get(pk, ""), str(pk))):
        if pk in names:
            hides = row_hidden(hidden, grouping, pk)
            table.rows.append(
                {
                    "label": names[pk],
                    **rating_cells(ratings.get(pk), "ratings" in hides),
                    **referral_cells(referrals.get(pk), hides),
                    **timeliness_cells(timely.get(pk), hides),
                }
            )
    return table


def service_names(ids):
    services = Service.objects.select_related("organization").filter(pk__in=ids)
    return {service.pk: f"{service.name} ({service.organization.name})" for service in services}


def category_names(ids):
    """Only categories count (not attributes); a service in two categories counts in both."""
    terms = TaxonomyTerm.objects.filter(kind=TaxonomyTerm.CATEGORY, pk__in=ids)
    return {term.pk: term.name for term in terms}


def service_table(organization_ids, period):
    label = Column("label", _("Service"), False)
    return grouped_table("service", label, organization_ids, period, "service_id", service_names)


def category_table(organization_ids, period):
    label = Column("label", _("Category"), False)
    return grouped_table("category", label, organization_ids, period, "service__categories", category_names)


ORGANIZATION_COLUMNS = [
    Column("label", _("Organization"), False),
    Column("ratings", _("Ratings of its services")),
    Column("met_need", _("Met the need (average, 1-5)")),
    Column("respect", _("Treated with respect (average, 1-5)")),
    Column("survivors", _("Survivors counted")),
    Column("goals_reached", _("Goals reached")),
    Column("referrals_completed", _("Referrals completed")),
    Column("plans_closed_goals_met", _("Plans closed with goals met")),
    Column("first_contact_hours", _("Hours from help request to first contact (median)")),
    Column("checkin_response_rate", _("Check-ins answered (%)")),
]


RATING_KEYS = ("label", "ratings", "met_need", "respect")


def organization_table(organization_ids, period):
    """One row per organisation the staff member belongs to: how its services were rated, and how
    its own survivors' plans went."""
    ratings = rating_aggregates(
        feedback_in_scope(organization_ids, period).filter(service__organization_id__in=organization_ids),
        "service__organization_id",
    )
    columns = [
        column for column in ORGANIZATION_COLUMNS if column.key in available_outcome_keys() or column.key in RATING_KEYS
    ]
    table = Table("organization", columns + TIMELINESS_COLUMNS)
    hidden = hidden_cells(organization_ids, period)
    # As the receiving organisation: the referrals its services were sent.
    timely = timeliness_by_group(organization_ids, period, "service__organization_id", hidden)
    for organization in Organization.objects.filter(pk__in=organization_ids).order_by("name"):
        cells = rating_cells(
            ratings.get(organization.pk), "ratings" in row_hidden(hidden, "organization", organization.pk)
        )
        cells.pop("language_ok")
        table.rows.append(
            {
                "label": organization.name,
                **cells,
                **organization_outcomes(organization.pk, period),
                **timeliness_cells(timely.get(organization.pk)),
            }
        )
    return table


BUILDERS = {"service": service_table, "category": category_table, "organization": organization_table}


def build_table(grouping, organization_ids, period):
    return BUILDERS[grouping](organization_ids, period)
