"""A hand-built world for the funder report of the first quarter of 2026 (1 January to 31 March,
Central time), where every figure can be counted by hand.

Harbor Test Advocates (own) keeps these clients, all agreeing to be counted unless said:
- continuing (case opened before the quarter, open in it): C1, C2, C3 (opened at 23:30 on
  31 December 2025, so the quarter before), C5 (closed on 1 February 2026);
- new (opened in the quarter): N1, N2, N3 (opened at 23:30 on 31 March 2026, the quarter's last
  half hour);
- not served in the quarter: C4 (closed in December 2025), N4 (opened 00:30 on 1 April 2026);
- never counted: X1, who did not agree to be counted, with a plan, a referral and a help request.
Intake answers: C1 25-59/sex/U.S. citizen, C2 18-24/labor/foreign national, C3 25-59/both/LPR,
C5 under 18/sex/U.S. citizen, N1 25-59/sex/U.S. citizen, N2 unknown on all three,
N3 18-24/labor/foreign national.

Plans open in the quarter: C1, C2, C3, N1, N3 (case management: 5).
Referrals sent in the quarter (a completed one completed the moment it was sent): C1 legal done,
C2 legal sent, N1 legal
accepted, N1 housing done, C3 financial-and-funding done; so 5 made, 3 completed; legal 3 clients
and 3 referrals, housing 1 and 1, financial 1 and 1. Not counted: N3 housing still suggested, C2
housing declined in December, C1 housing sent at 01:00 on 1 April, X1's.
Help requests in the quarter: C1 answered after 30 minutes, N1 after 90 (an automatic confirmation
after 1 minute does not count), C2 never, N3 at 23:45 on 31 March answered after 30 (in April):
4 received, 3 answered, median 30 minutes.
Check-ins sent in the quarter: C1 answered OK, missed, answered with the duress word; N1 answered
"call me", one still waiting: 5 sent, 3 answered, 60 %. Not counted: one sent at 00:10 on 1 April
and one due but never sent.

Bayou Test Services (another organisation) keeps six new clients, all 25-59, sex trafficking, U.S.
citizens, agreeing to be counted, and one more who did not agree.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from portal.accounts.models import Membership, SurvivorProfile
from portal.checkins.models import CheckIn, CheckInPlan
from portal.directory.models import Service, TaxonomyTerm
from portal.feedback.eligibility import set_reporting_consent
from portal.plans.models import Plan, Referral
from tests.accounts.builders import make_organization, make_staff, make_survivor
from tests.feedback.builders import help_request, refer

CENTRAL = ZoneInfo("America/Chicago")


def central(year, month, day, hour=12, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=CENTRAL)


def client(organization, name, opened, answers=("unknown", "unknown", "unknown"), *, counted=True, closed=None):
    survivor = make_survivor(organization, name=f"Person {name}")
    age, kind, nationality = answers
    SurvivorProfile.objects.filter(pk=survivor.pk).update(
        created_at=opened, age_group=age, trafficking_type=kind, nationality_group=nationality
    )
    survivor.refresh_from_db()
    if counted:
        set_reporting_consent(survivor, True)
    if closed:
        survivor.close_case(when=closed)
    return survivor


def category(code):
    term, _created = TaxonomyTerm.objects.get_or_create(
        code=code, kind=TaxonomyTerm.CATEGORY, defaults={"name": code.replace("-", " ").title()}
    )
    return term


def service(organization, name, *codes):
    made = Service.objects.create(organization=organization, name=name, live=True, status=Service.ACTIVE)
    made.categories.add(*[category(code) for code in codes])
    made.save()
    return made


def referral(plan, to, status, changed):
    """A referral that reached `status` at `changed`: sent then (unless only suggested), completed then if done."""
    made = refer(plan, to, status)
    sent = None if status == Referral.Status.PROPOSED else changed
    completed = changed if status == Referral.Status.DONE else None
    Referral.objects.filter(pk=made.pk).update(updated_at=changed, sent_at=sent, completed_at=completed)
    return made


def check_ins(survivor, *answers):
    """(sent at or None, status) each."""
    plan = CheckInPlan.objects.create(survivor=survivor, consent_at=timezone.now())
    for sent_at, status in answers:
        CheckIn.objects.create(plan=plan, due_at=sent_at or central(2026, 3, 20), status=status, sent_at=sent_at)


def build_funder_world():
    own = make_organization("Harbor Test Advocates")
    other = make_organization("Bayou Test Services")
    provider = make_organization("Provider Test Org")
    legal = service(provider, "Legal Test Clinic", "legal")
    housing = service(provider, "Housing Test Shelter", "housing")
    money = service(provider, "Money Test Fund", "financial", "funding")

    c1 = client(own, "C1", central(2025, 11, 10), ("25_59", "sex", "us_citizen"))
    c2 = client(own, "C2", central(2025, 11, 12), ("18_24", "labor", "foreign_national"))
    c3 = client(own, "C3", central(2025, 12, 31, 23, 30), ("25_59", "both", "lpr"))
    client(own, "C4", central(2025, 10, 1), ("25_59", "sex", "us_citizen"), closed=central(2025, 12, 20))
    client(own, "C5", central(2025, 12, 1), ("under_18", "sex", "us_citizen"), closed=central(2026, 2, 1))
    n1 = client(own, "N1", central(2026, 1, 15), ("25_59", "sex", "us_citizen"))
    client(own, "N2", central(2026, 2, 20))
    n3 = client(own, "N3", central(2026, 3, 31, 23, 30), ("18_24", "labor", "foreign_national"))
    n4 = client(own, "N4", central(2026, 4, 1, 0, 30), ("25_59", "sex", "us_citizen"))
    x1 = client(own, "X1", central(2026, 1, 20), ("25_59", "sex", "us_citizen"), counted=False)

    plans = {person: Plan.objects.create(survivor=person) for person in (c1, c2, c3, n1, n3, x1)}
    Plan.objects.filter(pk__in=[plan.pk for plan in plans.values()]).update(created_at=central(2026, 1, 1, 9))
    Plan.objects.filter(pk=plans[n3].pk).update(created_at=central(2026, 3, 31, 23, 35))
    referral(plans[c1], legal, Referral.Status.DONE, central(2026, 2, 5))
    referral(plans[c2], legal, Referral.Status.SENT, central(2026, 2, 6))
    referral(plans[n1], legal, Referral.Status.ACCEPTED, central(2026, 2, 7))
    referral(plans[n1], housing, Referral.Status.DONE, central(2026, 2, 8))
    referral(plans[c3], money, Referral.Status.DONE, central(2026, 3, 1))
    referral(plans[n3], housing, Referral.Status.PROPOSED, central(2026, 3, 31, 23, 40))
    referral(plans[c2], housing, Referral.Status.DECLINED, central(2025, 12, 15))
    referral(plans[c1], housing, Referral.Status.SENT, central(2026, 4, 1, 1))
    referral(plans[x1], legal, Referral.Status.DONE, central(2026, 2, 5))

    help_request(c1, central(2026, 2, 10, 10), reply_after=timedelta(minutes=30))
    help_request(n1, central(2026, 3, 3, 9), reply_after=timedelta(minutes=90))
    help_request(c2, central(2026, 3, 10, 15))
    help_request(n3, central(2026, 3, 31, 23, 45), reply_after=timedelta(minutes=30))
    help_request(n4, central(2026, 4, 1, 8), reply_after=timedelta(minutes=5))
    help_request(x1, central(2026, 2, 2), reply_after=timedelta(minutes=500))

    status = CheckIn.Status
    check_ins(
        c1,
        (central(2026, 1, 5, 10), status.OK),
        (central(2026, 1, 6, 10), status.MISSED),
        (central(2026, 1, 7, 10), status.DURESS),
        (central(2026, 4, 1, 0, 10), status.OK),
    )
    check_ins(
        n1, (central(2026, 2, 1, 10), status.CALL_ME), (central(2026, 3, 31, 10), status.SENT), (None, status.DUE)
    )
    check_ins(x1, (central(2026, 2, 1, 10), status.MISSED))

    for number in range(6):
        client(other, f"B{number}", central(2026, 2, 1 + number), ("25_59", "sex", "us_citizen"))
    client(other, "BX", central(2026, 2, 10), ("25_59", "sex", "us_citizen"), counted=False)

    return {
        "own": own,
        "other": other,
        "supervisor": make_staff(own, "funder-supervisor", role=Membership.Role.SUPERVISOR),
        "other_supervisor": make_staff(other, "funder-other-supervisor", role=Membership.Role.SUPERVISOR),
    }
