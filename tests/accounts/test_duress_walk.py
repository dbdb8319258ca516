"""In a duress session no survivor page reads or writes her real data: every URL of the survivor
area, taken from the URL resolver (so a page added later is walked too), in every language, with
GET and with POSTs that would change things in a real session, and with the ids of her real records.

Every SQL statement each request runs is checked: the only write is the session row, and the only
rows of hers read are her profile and number (needed to know who is signed in), never her plan,
consents, access log, check-ins, feedback, texts or help requests.
"""

import time
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from portal.accounts import duress
from portal.checkins.models import CheckInPlan
from portal.feedback.models import ReportingConsent
from portal.plans.models import Plan, Referral, Step
from portal.sharing.models import AccessEvent, CareTeamMember
from portal.sharing.policy import read
from tests.accounts.builders import make_organization, make_plan, make_staff, make_survivor
from tests.sharing.builders import make_consent

pytestmark = pytest.mark.django_db

PIN, SECOND_PIN = "2580", "7139"
# The sign-in steps and the session's own switches: they show no data of hers in any session.
SESSION_PAGES = {"sign_in", "sign_in_code", "sign_in_new_code", "sign_in_pin", "sign_out", "stay_signed_in"}
# Who is signed in: read by every request, real or not.
MAY_READ = {"accounts_survivorprofile", "messaging_contact"}
MAY_WRITE = {"django_session"}
REAL_DATA_APPS = ("plans", "sharing", "checkins", "feedback", "messaging")
REAL_TEXTS = ("Goal number", "Step number", "Lawyer", "Secret shelter", "Help with housing", "Maria", "Ocean Clinic")


def survivor_patterns():
    """(url name, pattern) for every URL in the survivor area's namespace."""

    def walk(entries, namespace):
        for entry in entries:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and namespace == "my":
                yield entry.name, entry.pattern

    return sorted(walk(get_resolver().url_patterns, None), key=lambda row: row[0])


def forbidden_tables():
    tables = {model._meta.db_table for label in REAL_DATA_APPS for model in apps.get_app_config(label).get_models()}
    tables |= {model._meta.db_table for model in apps.get_app_config("accounts").get_models()}
    return tables - MAY_READ


@pytest.fixture
def her_records():
    """A survivor with something real on every page: plan, consent, access log, check-ins, feedback."""
    profile = make_survivor(pin=PIN, name="Maria Real")
    profile.set_duress_pin(SECOND_PIN)
    plan = make_plan(profile)
    partner = make_organization("Ocean Clinic")
    CareTeamMember.objects.create(survivor=profile, organization=partner, role=CareTeamMember.Role.HEALTH)
    consent = make_consent(profile, partner, categories=("goals", "referrals"))
    read(make_staff(partner, "clinic-reader"), profile, "goals")
    CheckInPlan.objects.create(survivor=profile, consent_at=timezone.now(), starts_on=timezone.localdate())
    referral = plan.referrals.first()
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.DONE)
    ReportingConsent.objects.create(survivor=profile, agreed=True)
    return {
        "profile": profile,
        "ids": {
            "pk": [*Step.objects.filter(plan=plan).values_list("pk", flat=True), consent.pk, 11],
            "referral_pk": [referral.pk],
        },
    }


def duress_session(client, profile):
    session = client.session
    session["survivor"] = {"id": profile.pk, "epoch": profile.session_epoch, "seen": int(time.time()), "duress": True}
    session.save()


def urls_for(name, pattern, ids):
    names = list(pattern.converters)
    if not names:
        return [reverse(f"my:{name}")]
    return [reverse(f"my:{name}", kwargs={names[0]: value}) for value in ids[names[0]]]


def what_a_real_session_would_post(profile):
    """One post that fills every survivor form, validly where it can: a real session would act on it."""
    return {
        "action": "pause",
        "text": "Move to a new city",
        "domain": "housing",
        "message": "Please call me",
        "confirm": "on",
        "back": "home",
        "count_me": "on",
        "language": "es",
        "time_zone": "America/Chicago",
        "safe_time": "",
        "may_identify": "yes",
        "voicemail_ok": "yes",
        "code_word": "sunflower",
        "usual_pin": SECOND_PIN,
        "remove-usual_pin": SECOND_PIN,
        "pin": "8642",
        "pin_again": "8642",
        "word": "pineapple",
        "recipient": str(CareTeamMember.objects.get(survivor=profile).organization_id),
        "categories": ["goals", "steps"],
        "purpose": "Help",
        "ends_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "remind": "on",
        "step": "confirm",
        "met_need": "5",
        "respect": "5",
        "language_ok": "yes",
        "comment": "Fine",
        "phone": "7135550100",
        "code": "123456",
    }


def row_counts():
    """Rows of every table but the sessions (each walked request starts one)."""
    models = (model for model in apps.get_models() if model._meta.managed and model._meta.db_table not in MAY_WRITE)
    return {model._meta.label: model.objects.count() for model in models}


def test_every_survivor_page_has_a_stand_in():
    """A new survivor page without a stand-in would send a duress session to the start page: a tell."""
    pages = {name for name, _pattern in survivor_patterns()} - SESSION_PAGES
    assert pages, "the resolver walk found no survivor pages"
    missing = sorted(name for name in pages if duress.stand_in_for(f"my:{name}") is None)
    assert not missing, f"survivor pages with no stand-in for a duress session: {missing}"


def test_a_duress_session_reads_and_writes_nothing_real_on_any_survivor_page(client, her_records):
    profile, ids = her_records["profile"], her_records["ids"]
    forbidden = forbidden_tables()
    post = what_a_real_session_would_post(profile)
    before = row_counts()
    events_before = AccessEvent.objects.count()
    walked = 0
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for name, pattern in survivor_patterns():
                for url in urls_for(name, pattern, ids):
                    for method, data in (("get", None), ("post", {}), ("post", post)):
                        duress_session(client, profile)
                        with CaptureQueriesContext(connection) as queries:
                            response = getattr(client, method)(url, data)
                        walked += 1
                        where = f"{method.upper()} {url}"
                        assert response.status_code < 500, where
                        for query in queries.captured_queries:
                            sql = query["sql"]
                            touched = {table for table in forbidden if f'"{table}"' in sql}
                            assert not touched, f"{where} read or wrote {touched}: {sql[:200]}"
                            if sql.lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE"):
                                assert any(f'"{table}"' in sql for table in MAY_WRITE), f"{where} wrote: {sql[:200]}"
                        body = response.content.decode()
                        for text in REAL_TEXTS:
                            assert text not in body, f"{where} showed {text!r}"
    assert walked > 100
    assert row_counts() == before and AccessEvent.objects.count() == events_before
    profile.refresh_from_db()
    assert (profile.failed_attempts, profile.duress_word, profile.deletion_requested_at) == (0, "", None)
    assert duress.which_pin(profile, SECOND_PIN) == duress.DURESS and duress.which_pin(profile, PIN) == duress.REAL
    assert Plan.objects.get(survivor=profile).steps.filter(status=Step.Status.DONE).count() == 0
    assert CheckInPlan.objects.get(survivor=profile).paused_at is None
