"""The survivor's sharing pages: list, grant with a confirmation step, revoke, renew, activity."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from portal.sharing.models import AccessEvent, Consent, LegalDisclosure
from portal.sharing.policy import read
from tests.accounts.builders import sign_in_directly
from tests.sharing.builders import make_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(client, survivor):
    return sign_in_directly(client, survivor)


def grant_data(org, **extra):
    ends = timezone.localdate() + timedelta(days=90)
    return {
        "recipient": org.pk,
        "categories": ["goals", "appointments"],
        "purpose": "Help with my visa",
        "ends_on": ends.isoformat(),
        **extra,
    }


def test_sharing_pages_need_sign_in(client):
    for url in ("/en/my/sharing/", "/en/my/sharing/new/", "/en/my/activity/"):
        assert client.get(url)["Location"].endswith("/en/my/sign-in/")


def test_the_list_says_who_sees_what_until_when(me, survivor, org_a):
    make_consent(survivor, org_a, categories=["goals"])
    response = me.get("/en/my/sharing/")
    html = response.content.decode()
    assert "Partner A Legal Aid" in html and "the goals in your plan" in html
    assert "no-store" in response["Cache-Control"]


def test_granting_shows_the_full_text_before_saving_anything(me, survivor, org_a):
    response = me.post("/en/my/sharing/new/", grant_data(org_a, step="review"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "I agree that Partner A Legal Aid may see" in html and "Help with my visa" in html
    assert not survivor.consents.exists()

    response = me.post("/en/my/sharing/new/", grant_data(org_a, step="confirm"))
    assert response.status_code == 303
    consent = survivor.consents.get()
    assert consent.is_live() and consent.permitted_categories == ["goals", "appointments"]
    assert consent.categories["notes"] == "deny"
    for line in consent.text_shown.splitlines():  # the text saved is the text shown, line by line
        assert line.replace("'", "&#x27;") in html
    assert consent.given_via == Consent.Given.PORTAL and consent.text_version


def test_the_form_refuses_missing_parts_and_more_than_a_year(me, survivor, org_a, home_org):
    too_long = (timezone.localdate() + timedelta(days=400)).isoformat()
    for data in (
        grant_data(org_a, purpose=""),
        grant_data(org_a, categories=[]),
        grant_data(org_a, ends_on=""),
        grant_data(org_a, ends_on=too_long),
        grant_data(home_org),  # not in the care team (it already sees everything)
        {**grant_data(org_a), "recipient": ""},
    ):
        assert me.post("/en/my/sharing/new/", {**data, "step": "confirm"}).status_code == 400
    assert not survivor.consents.exists()


def test_the_default_end_date_is_ninety_days(me):
    html = me.get("/en/my/sharing/new/").content.decode()
    assert (timezone.localdate() + timedelta(days=90)).isoformat() in html


def test_revoke_in_one_tap(me, survivor, org_a, partner_a):
    consent = make_consent(survivor, org_a)
    assert me.post(f"/en/my/sharing/{consent.pk}/stop/").status_code == 303
    consent.refresh_from_db()
    assert consent.status == Consent.Status.REVOKED
    assert not read(partner_a, survivor, "goals")


def test_nobody_revokes_another_survivors_consent(me, org_a, home_org):
    from tests.accounts.builders import make_survivor

    other = make_survivor(home_org)
    consent = make_consent(other, org_a)
    assert me.post(f"/en/my/sharing/{consent.pk}/stop/").status_code == 404
    assert Consent.objects.get(pk=consent.pk).is_live()


def test_renew_replaces_the_old_consent_with_a_new_end_date(me, survivor, org_a):
    old = make_consent(survivor, org_a, categories=["steps"], days=10)
    html = me.get(f"/en/my/sharing/{old.pk}/renew/").content.decode()
    assert "Help with housing" in html
    ends = (timezone.localdate() + timedelta(days=120)).isoformat()
    data = {"recipient": org_a.pk, "categories": ["steps"], "purpose": "Help with housing", "ends_on": ends}
    assert me.post(f"/en/my/sharing/{old.pk}/renew/", {**data, "step": "confirm"}).status_code == 303
    new = survivor.consents.exclude(pk=old.pk).get()
    assert (
        new.renews == old
        and new.is_live()
        and timezone.localtime(new.ends_at).date() == timezone.localdate() + timedelta(days=120)
    )
    assert Consent.objects.get(pk=old.pk).status == Consent.Status.REVOKED


def test_activity_shows_every_read_and_legal_disclosures_in_my_language(client, survivor, org_a, partner_a, advocate):
    make_consent(survivor, org_a, categories=["goals"])
    read(partner_a, survivor, "goals")
    read(partner_a, survivor, "notes")
    LegalDisclosure.objects.create(
        survivor=survivor,
        basis="court_order",
        reference="Case 2026-123",
        disclosed_to="Harris County Court",
        categories=["contact"],
        recorded_by=advocate,
    )
    assert AccessEvent.objects.filter(survivor=survivor).count() == 2
    me = sign_in_directly(client, survivor)
    html = me.get("/en/my/activity/").content.decode()
    assert html.count("data-access-event>") == 2
    assert "Partner A Legal Aid" in html and "Not allowed: they saw nothing" in html
    assert "A court order" in html and "Case 2026-123" in html
    assert me.get("/es/my/activity/").status_code == 200


def test_group_errors_are_tied_to_their_boxes_and_listed_first(me):
    response = me.post("/en/my/sharing/new/", {"step": "review", "purpose": "x"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-describedby="id_recipient_error"' in html or 'id_recipient_error"' in html
    assert '<ul class="field__errors" id="id_categories_error">' in html
    assert 'href="#id_recipient_0"' in html and 'href="#id_categories_0"' in html
    assert html.index("data-error-summary") < html.index("<form")


def test_a_narrower_consent_to_the_same_place_replaces_the_wider_one(me, survivor, org_a):
    wider = make_consent(survivor, org_a, categories=["goals", "appointments", "notes"])
    review = me.post("/en/my/sharing/new/", grant_data(org_a, categories=["goals"], step="review"))
    assert "data-replaces" in review.content.decode()
    assert me.post("/en/my/sharing/new/", grant_data(org_a, categories=["goals"], step="confirm")).status_code == 303
    wider.refresh_from_db()
    narrower = survivor.consents.exclude(pk=wider.pk).get()
    assert wider.status == Consent.Status.REVOKED and wider.revoked_via == Consent.Given.PORTAL
    assert narrower.is_live() and narrower.permitted_categories == ["goals"] and narrower.renews == wider
    assert [c.pk for c in survivor.consents.all() if c.is_live()] == [narrower.pk]


def test_one_visit_is_one_row_in_plain_words(client, survivor, org_a, partner_a):
    make_consent(survivor, org_a, categories=["goals", "steps", "appointments"])
    for category in ("goals", "steps", "appointments", "goals", "steps", "appointments"):
        read(partner_a, survivor, category)
    html = sign_in_directly(client, survivor).get("/en/my/activity/").content.decode()
    assert html.count("data-access-event>") == 1
    assert "the goals in your plan; the steps in your plan; your appointments" in html
    assert "You said yes to sharing this with them." in html and "Partner A Legal Aid" in html


def test_visits_apart_are_separate_rows(client, survivor, org_a, partner_a):
    make_consent(survivor, org_a, categories=["goals"], valid_from=timezone.now() - timedelta(days=1))
    with time_machine.travel(timezone.now() - timedelta(hours=2)):
        read(partner_a, survivor, "goals")
    read(partner_a, survivor, "goals")
    html = sign_in_directly(client, survivor).get("/en/my/activity/").content.decode()
    assert html.count("data-access-event>") == 2
