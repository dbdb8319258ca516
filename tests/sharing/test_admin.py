"""Advocates in the admin: consents given in person (the advocate as witness), stopping one in
person, care teams and legal disclosures, all for their own organisation's survivors only."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from portal.sharing.models import AccessEvent, Basis, CareTeamMember, Consent, LegalDisclosure
from tests.accounts.builders import make_staff, verified_admin_client
from tests.sharing.builders import make_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(advocate):
    return verified_admin_client(Client(), advocate)


@pytest.fixture
def other_advocate_client(org_b):
    return verified_admin_client(Client(), make_staff(org_b, "other-org-advocate"))


def in_person(survivor, org, **extra):
    return {
        "survivor": survivor.pk,
        "recipient": org.pk,
        "purpose": "Court date support",
        "permitted": ["contact", "appointments"],
        "ends_on": (timezone.localdate() + timedelta(days=90)).isoformat(),
        **extra,
    }


def test_an_in_person_consent_has_the_advocate_as_witness_and_the_text_in_the_survivors_language(
    own, survivor, org_a, advocate
):
    survivor.preferred_language = "es"
    survivor.save(update_fields=["preferred_language"])
    response = own.post("/admin/consent/new/", in_person(survivor, org_a))
    assert response.status_code == 302, response.content.decode()[:2000]
    consent = survivor.consents.get()
    assert consent.given_via == Consent.Given.IN_PERSON and consent.witness == advocate
    assert consent.is_live() and consent.permitted_categories == ["contact", "appointments"]
    assert consent.language == "es" and "Court date support" in consent.text_shown


def test_an_in_person_consent_needs_every_part(own, survivor, org_a, home_org):
    too_long = (timezone.localdate() + timedelta(days=400)).isoformat()
    for data in (
        in_person(survivor, org_a, purpose=""),
        in_person(survivor, org_a, permitted=[]),
        in_person(survivor, org_a, ends_on=too_long),
        in_person(survivor, home_org),
        {**in_person(survivor, org_a), "recipient": ""},
    ):
        assert own.post("/admin/consent/new/", data).status_code == 200  # the form again, with errors
    assert not survivor.consents.exists()


def test_stopping_in_person(own, survivor, org_a):
    consent = make_consent(survivor, org_a)
    assert own.get(f"/admin/consent/stop/{consent.pk}/").status_code == 200
    assert own.post(f"/admin/consent/stop/{consent.pk}/").status_code == 302
    consent.refresh_from_db()
    assert consent.status == Consent.Status.REVOKED and consent.revoked_via == Consent.Given.IN_PERSON


def test_another_organisations_advocate_reaches_none_of_it(other_advocate_client, survivor, org_a, advocate):
    consent = make_consent(survivor, org_a)
    member = CareTeamMember.objects.filter(survivor=survivor).first()
    client = other_advocate_client
    for url in (
        f"/admin/consent/stop/{consent.pk}/",
        f"/admin/careteammember/edit/{member.pk}/",
    ):
        assert client.get(url).status_code in (302, 403, 404), url
    client.post(f"/admin/consent/stop/{consent.pk}/")
    assert Consent.objects.get(pk=consent.pk).is_live()
    assert f"Survivor #{survivor.pk}" not in client.get("/admin/consent/").content.decode()
    assert client.post("/admin/consent/new/", in_person(survivor, org_a)).status_code == 200
    assert survivor.consents.count() == 1


def test_a_legal_disclosure_is_recorded_logged_and_shown_to_the_survivor(own, client, survivor, advocate):
    response = own.post(
        "/admin/legaldisclosure/new/",
        {
            "survivor": survivor.pk,
            "basis": "duty_to_report",
            "reference": "Texas Family Code 261.101",
            "disclosed_to": "Child protective services",
            "categories": ["contact", "notes"],
            "at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    disclosure = LegalDisclosure.objects.get(survivor=survivor)
    assert disclosure.recorded_by == advocate
    events = AccessEvent.objects.filter(survivor=survivor, disclosure=disclosure)
    assert sorted(events.values_list("category", flat=True)) == ["contact", "notes"]
    assert set(events.values_list("basis", flat=True)) == {Basis.DUTY_TO_REPORT}
    from tests.accounts.builders import sign_in_directly

    html = sign_in_directly(client, survivor).get("/en/my/activity/").content.decode()
    assert "A duty to report" in html and "Child protective services" in html
    with pytest.raises(PermissionError):
        disclosure.delete()
