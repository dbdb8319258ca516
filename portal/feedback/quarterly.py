"""The quarterly report a funder asks for (OVC's TIMS performance measures), for one ended quarter.

Two views of the same quarter:
- "own": the clients of the staff member's own organisations, every number in full (they are
  the organisation's own records, reported to its own funder);
- "all": the clients of every organisation together, each table through suppression.protect, so
  no count under five and nothing that would give one away is shown.
In both, only survivors who agreed to be counted are included, as in every report. Each section
is a reports.Table, so the page, the printable page and the CSV show the same cells.
What each figure means, and how it maps to TIMS: docs/funder-reports.md.
"""

from statistics import median

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import AgeGroup, NationalityGroup, SurvivorProfile, TraffickingType
from portal.plans.models import Referral

from .outcomes import (
    checkins_installed,
    checkins_sent_and_answered,
    help_requests_in,
    hours_to_first_contact,
    plans_open_in,
    referrals_completed,
)
from .reports import Column, Table
from .suppression import protect, rounded
from .tims import CASE_MANAGEMENT, TIMS_SERVICES, is_recorded, tims_category_for_code

OWN, ALL = "own", "all"
SCOPES = {
    OWN: _("Our organization (every number)"),
    ALL: _("All organizations together (small numbers hidden)"),
}
NOT_RECORDED = _("Not recorded in the portal")
NEW, CONTINUING, TOTAL = "new", "continuing", "total"
CLIENT_COLUMNS = [
    Column(NEW, _("New clients")),
    Column(CONTINUING, _("Continuing clients")),
    Column(TOTAL, _("All clients served")),
]
BREAKDOWNS = [
    ("age_group", _("Clients by age group at intake"), _("Age group"), AgeGroup),
    ("trafficking_type", _("Clients by type of trafficking"), _("Type of trafficking"), TraffickingType),
    ("nationality_group", _("Clients by citizenship"), _("Citizenship"), NationalityGroup),
]
FIGURE_COLUMNS = [Column("label", _("Figure"), False), Column("value", _("Number"))]


def survivors_in_scope(scope, organization_ids):
    survivors = SurvivorProfile.objects.filter(reporting_consent__agreed=True)
    return survivors.filter(organization_id__in=organization_ids) if scope == OWN else survivors


def clients_served(survivors, period):
    """Whose case was open at some moment of the quarter: taken in before its end, not closed before its start."""
    return survivors.filter(created_at__lt=period.until).filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=period.since)
    )


NOT_AVAILABLE = "—"  # a figure with nothing to make it from (a median of no replies)


class Section:
    """One table of the report: rows of cells, each the sum of some atoms (the smallest groups
    counted), so suppression.protect can tell which cells would give others away."""

    def __init__(self, key, title, columns):
        self.key, self.title, self.columns = key, title, columns
        self.atoms, self.cells, self.rows = {}, {}, []

    def add_row(self, row_key, label, members, text=None):
        """`members`: {column: atom keys}, the counted cells; `text`: {column: words}, cells that are not counts."""
        for column, atoms in members.items():
            self.cells[(self.key, row_key, column)] = frozenset(atoms)
        self.rows.append((row_key, label, list(members), text or {}, None))

    def add_derived(self, row_key, label, value, depends_on):
        """A figure made from counted cells of this table (a median, a percentage): hidden with any of them."""
        self.rows.append((row_key, label, [], {"value": value}, depends_on))

    def count(self, key):
        return sum(self.atoms.get(atom, 0) for atom in self.cells[key])

    def table(self, hidden):
        table = Table(self.key, self.columns)
        for row_key, label, counted_columns, text, depends_on in self.rows:
            row = {"label": label, **text}
            for column in counted_columns:
                key = (self.key, row_key, column)
                row[column] = None if key in hidden else self.count(key)
            if depends_on is not None:
                if any((self.key, *cell) in hidden for cell in depends_on):
                    row["value"] = None
                elif row["value"] is None:
                    row["value"] = NOT_AVAILABLE
            table.rows.append(row)
        return table


def hide(sections, full):
    """The cells to hide; none when the figures are the organisation's own. A total shared by several
    tables that one of them hides is hidden in all, and the others worked out again without it."""
    if full:
        return set()
    dropped = set()
    while True:
        hidden = set(dropped)
        for section in sections:
            atoms = {atom: n for atom, n in section.atoms.items() if n}
            cells = {
                key: frozenset(member for member in members if member in atoms)
                for key, members in section.cells.items()
                if key not in dropped
            }
            hidden |= protect(atoms, cells)
        shared = {key for key in hidden - dropped if sum(key in section.cells for section in sections) > 1}
        if not shared:
            return hidden
        dropped |= shared


def row_members(new, continuing):
    return {NEW: new, CONTINUING: continuing, TOTAL: new + continuing}


def all_clients_cells(values):
    """The headline's cells, as each breakdown adds them up: the same keys in every client table."""
    members = row_members([(value, NEW) for value in values], [(value, CONTINUING) for value in values])
    return {(HEADLINE, ALL_CLIENTS, column): frozenset(atoms) for column, atoms in members.items()}


HEADLINE, ALL_CLIENTS = "clients", "all"


def client_sections(served, period):
    """The headline (new, continuing, all) and one breakdown per intake question, each adding up to it."""
    is_new = Q(created_at__gte=period.since)
    breakdowns = []
    for field_name, title, label, choices in BREAKDOWNS:
        section = Section(field_name, title, [Column("label", label, False), *CLIENT_COLUMNS])
        counts = served.values(field_name).annotate(new=Count("pk", filter=is_new), all=Count("pk"))
        by_value = {row[field_name]: row for row in counts}
        for value, value_label in choices.choices:
            row = by_value.get(value, {"new": 0, "all": 0})
            section.atoms[(value, NEW)] = row["new"]
            section.atoms[(value, CONTINUING)] = row["all"] - row["new"]
            section.add_row(value, value_label, row_members([(value, NEW)], [(value, CONTINUING)]))
        section.cells.update(all_clients_cells(choices.values))
        breakdowns.append(section)
    headline = Section(HEADLINE, _("Clients served"), [Column("label", _("Clients"), False), *CLIENT_COLUMNS])
    headline.atoms = dict(breakdowns[0].atoms)
    cells = all_clients_cells(BREAKDOWNS[0][3].values)
    members = {column: cells[(HEADLINE, ALL_CLIENTS, column)] for column in (NEW, CONTINUING, TOTAL)}
    headline.add_row(ALL_CLIENTS, _("All clients"), members)
    return [headline, *breakdowns]


SERVICE_COLUMNS = [
    Column("label", _("TIMS service category"), False),
    Column("clients", _("Clients")),
    Column("referrals", _("Referrals")),
    Column("source", _("Counted from"), False),
]


def referrals_made(survivors, period):
    """Referrals sent to the receiving organisation in the quarter (each keeps the moment it was sent)."""
    return Referral.objects.filter(plan__survivor__in=survivors).filter(**period.lookup("sent_at"))


def services_section(survivors, period):
    from portal.directory.models import TaxonomyTerm

    section = Section("services", _("Services provided, by TIMS category"), SERVICE_COLUMNS)
    tims_of = tims_category_for_code()
    clients, referrals = {}, {}
    for pk, survivor_id, code in (
        referrals_made(survivors, period)
        .filter(service__categories__code__in=list(tims_of))
        .values_list("pk", "plan__survivor_id", "service__categories__code")
    ):
        clients.setdefault(tims_of[code], set()).add(survivor_id)
        referrals.setdefault(tims_of[code], set()).add(pk)
    clients[CASE_MANAGEMENT] = set(plans_open_in(survivors, period).values_list("survivor_id", flat=True))
    names = dict(
        TaxonomyTerm.objects.filter(kind=TaxonomyTerm.CATEGORY, code__in=list(tims_of)).values_list("code", "name")
    )
    for key, label, codes in TIMS_SERVICES:
        if not is_recorded(key, codes):
            section.add_row(key, label, {}, {"clients": "", "referrals": "", "source": NOT_RECORDED})
            continue
        section.atoms[(key, "clients")] = len(clients.get(key, ()))
        members = {"clients": [(key, "clients")]}
        if key == CASE_MANAGEMENT:
            source = _("Service plans open in the quarter")
            text = {"referrals": "", "source": source}
        else:
            section.atoms[(key, "referrals")] = len(referrals.get(key, ()))
            members["referrals"] = [(key, "referrals")]
            source = _("Referrals to: %(categories)s") % {
                "categories": ", ".join(names.get(code, code) for code in codes)
            }
            text = {"source": source}
        section.add_row(key, label, members, text)
    return section


def referral_section(survivors, period):
    section = Section("referrals", _("Referrals"), FIGURE_COLUMNS)
    section.atoms = {
        "made": referrals_made(survivors, period).count(),
        "completed": referrals_completed(survivors, period).count(),
    }
    section.add_row("made", _("Referrals sent in the quarter"), {"value": ["made"]})
    section.add_row("completed", _("Referrals completed in the quarter"), {"value": ["completed"]})
    return section


def response_section(survivors, period):
    section = Section("help_requests", _("Help requests"), FIGURE_COLUMNS)
    hours = hours_to_first_contact(survivors, period)
    received = help_requests_in(survivors, period).count()
    section.atoms = {"answered": len(hours), "waiting": received - len(hours)}
    section.add_row("received", _("Help requests received"), {"value": ["answered", "waiting"]})
    section.add_row("answered", _("Answered by staff"), {"value": ["answered"]})
    minutes = rounded(median(hours) * 60, 0) if hours else None
    section.add_derived("minutes", _("Minutes to the first staff reply (median)"), minutes, [("answered", "value")])
    return section


def checkin_section(survivors, period):
    section = Section("checkins", _("Check-ins"), FIGURE_COLUMNS)
    sent, answered = checkins_sent_and_answered(survivors, period)
    section.atoms = {"answered": answered, "unanswered": sent - answered}
    section.add_row("sent", _("Check-ins sent"), {"value": ["answered", "unanswered"]})
    section.add_row("answered", _("Check-ins answered"), {"value": ["answered"]})
    percent = rounded(100 * answered / sent, 0) if sent else None
    section.add_derived("percent", _("Check-ins answered (%)"), percent, [("sent", "value"), ("answered", "value")])
    return section


def quarterly_report(scope, organization_ids, period):
    """[(title, Table)] for one quarter, in the order the page, the printable page and the CSV show them."""
    survivors = survivors_in_scope(scope, organization_ids)
    sections = [
        *client_sections(clients_served(survivors, period), period),
        services_section(survivors, period),
        referral_section(survivors, period),
        response_section(survivors, period),
    ]
    if checkins_installed():
        sections.append(checkin_section(survivors, period))
    hidden = hide(sections, full=scope == OWN)
    return [(section.title, section.table(hidden)) for section in sections]
