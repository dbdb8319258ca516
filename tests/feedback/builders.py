"""A hand-built world for report tests, where every expected number can be counted by hand.

Advocates Org keeps the survivors; Provider Org runs two services they were referred to.
- six consenting survivors: each referred to Legal Aid Test (done) and rated it; the first four
  were also referred to Housing Test (accepted) and rated it;
- two survivors who did not agree to be counted, who did the same with very low ratings;
- plans: each consenting survivor has an open plan with one goal reached and one in progress;
  survivors 1-5 also have a closed plan with its goal reached, survivor 6 a closed plan with a goal
  still in progress;
- help requests from survivors 1-5, first answered by an advocate after 2, 4, 6, 8 and 10 hours.
"""

from datetime import timedelta

from django.utils import timezone

from portal.accounts.models import Membership
from portal.directory.models import Service, TaxonomyTerm
from portal.feedback.eligibility import set_reporting_consent
from portal.feedback.models import Feedback
from portal.messaging.models import Conversation, HelpRequest, OutboundMessage
from portal.plans.models import Goal, Plan, Referral
from tests.accounts.builders import make_organization, make_staff, make_survivor

LEGAL_RATINGS = [(5, 5, True), (4, 5, True), (3, 4, True), (4, 4, False), (5, 5, True), (3, 5, True)]
HOUSING_RATINGS = [(2, 3, True), (3, 3, True), (2, 4, False), (1, 2, True)]
NOT_COUNTED_RATING = (1, 1, False)
SECRET_COMMENT = "The receptionist Rosa was rude to me"  # the free text nobody on the provider side may read
FIRST_CONTACT_HOURS = [2, 4, 6, 8, 10]


def make_category(code, name):
    term, _created = TaxonomyTerm.objects.get_or_create(
        code=f"test-{code}", kind=TaxonomyTerm.CATEGORY, defaults={"name": name}
    )
    return term


def make_service(organization, name, category):
    service = Service.objects.create(organization=organization, name=name, live=True, status=Service.ACTIVE)
    service.categories.add(category)
    service.save()  # parental many-to-many links are written on save
    return service


def refer(plan, service, status):
    """A referral as the house makes it: to another organisation only with the survivor's consent."""
    if service.organization_id != plan.survivor.organization_id:
        from tests.sharing.builders import make_consent

        make_consent(plan.survivor, service.organization, categories=["referrals"])
    return Referral.objects.create(plan=plan, service=service, status=status)


def rate(survivor, referral, scores, comment=""):
    met_need, respect, language_ok = scores
    return Feedback.objects.create(
        survivor=survivor,
        service=referral.service,
        referral=referral,
        met_need=met_need,
        respect=respect,
        language_ok=language_ok,
        comment=comment,
    )


def help_request(survivor, received, *, reply_after=None):
    """A help request received at `received`, confirmed automatically a minute later (which never
    counts as an answer) and, `reply_after` later, answered by an advocate."""
    conversation = Conversation.objects.create(contact=survivor.contact)
    request = HelpRequest.objects.create(contact=survivor.contact, conversation=conversation, source="web")
    HelpRequest.objects.filter(pk=request.pk).update(created_at=received)
    sent = [(OutboundMessage.Purpose.HELP_CONFIRMATION, "We got your message.", timedelta(minutes=1))]
    if reply_after is not None:
        sent.append((OutboundMessage.Purpose.ADVOCATE, "Hello, this is your advocate.", reply_after))
    for purpose, body, after in sent:
        message = OutboundMessage.objects.create(
            contact=survivor.contact,
            conversation=conversation,
            purpose=purpose,
            body=body,
            expires_at=timezone.now() + timedelta(days=1),
        )
        OutboundMessage.objects.filter(pk=message.pk).update(created_at=received + after)


def help_request_answered_after(survivor, hours):
    help_request(survivor, timezone.now() - timedelta(hours=24), reply_after=timedelta(hours=hours))


def plan_with_goals(survivor, statuses, *, closed=False):
    plan = Plan.objects.create(survivor=survivor, status=Plan.Status.CLOSED if closed else Plan.Status.ACTIVE)
    for status in statuses:
        Goal.objects.create(plan=plan, text="A goal", status=status)
    return plan


def build_report_world():
    advocates = make_organization("Advocates Org")
    provider = make_organization("Provider Org")
    legal = make_service(provider, "Legal Aid Test", make_category("legal", "Legal test category"))
    housing = make_service(provider, "Housing Test", make_category("housing", "Housing test category"))
    counted, not_counted = [], []
    for number, scores in enumerate(LEGAL_RATINGS):
        survivor = make_survivor(advocates, name=f"Counted Person {number}")
        set_reporting_consent(survivor, True)
        plan_with_goals(survivor, [Goal.Status.DONE if number < 5 else Goal.Status.ACTIVE], closed=True)
        plan = plan_with_goals(survivor, [Goal.Status.DONE, Goal.Status.ACTIVE])
        rate(survivor, refer(plan, legal, Referral.Status.DONE), scores, comment=SECRET_COMMENT)
        if number < len(HOUSING_RATINGS):
            rate(survivor, refer(plan, housing, Referral.Status.ACCEPTED), HOUSING_RATINGS[number])
        if number < len(FIRST_CONTACT_HOURS):
            help_request_answered_after(survivor, FIRST_CONTACT_HOURS[number])
        counted.append(survivor)
    for number in range(2):
        survivor = make_survivor(advocates, name=f"Uncounted Person {number}")
        if number == 0:
            set_reporting_consent(survivor, False)  # said no; the other never answered
        plan_with_goals(survivor, [Goal.Status.DONE], closed=True)
        plan = plan_with_goals(survivor, [Goal.Status.DONE])
        rate(survivor, refer(plan, legal, Referral.Status.DONE), NOT_COUNTED_RATING, comment=SECRET_COMMENT)
        rate(survivor, refer(plan, housing, Referral.Status.ACCEPTED), NOT_COUNTED_RATING)
        help_request_answered_after(survivor, 100)
        not_counted.append(survivor)
    return {
        "advocates": advocates,
        "provider": provider,
        "legal": legal,
        "housing": housing,
        "counted": counted,
        "not_counted": not_counted,
        "advocate": make_staff(advocates, "report-advocate", Membership.Role.ADVOCATE),
        "provider_user": make_staff(provider, "report-provider", Membership.Role.EDITOR),
    }
