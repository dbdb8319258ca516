"""Case notes: encrypted at rest, written and corrected in the case view, read by a partner only as
sharing's policy allows (and then logged for her)."""

import re

import pytest
from django.db import connection
from django.urls import reverse
from wagtail.users.models import UserProfile

from portal.accounts.models import Membership
from portal.casework.models import CaseNote
from portal.sharing.models import AccessEvent, Basis, Consent
from tests.accounts.builders import make_organization

from .builders import make_partner, staff_client

pytestmark = pytest.mark.django_db

NOTE = "She wants to move to Waco next month"


def notes_url(survivor):
    return reverse("cases:case", args=[survivor.pk]) + "?tab=notes"


def add(client, survivor, body=NOTE, visibility="organization"):
    data = {"tab": "notes", "body": body, "visibility": visibility}
    return client.post(reverse("cases:case", args=[survivor.pk]), data)


def test_a_note_is_saved_encrypted_with_its_author_and_organisation(case):
    response = add(case["advocate"], case["survivor"])
    assert response.status_code == 302
    assert response["Location"].endswith("?tab=notes#case-tab")
    note = CaseNote.objects.get()
    assert (note.body, note.author, note.organization) == (NOTE, case["advocate"].user, case["organization"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM casework_casenote")
        stored = cursor.fetchone()[0]
    assert "to Waco next" not in stored  # a short word alone turns up in random ciphertext now and then
    assert NOTE in case["advocate"].get(notes_url(case["survivor"])).content.decode()


@pytest.mark.parametrize(
    ("body", "error"),
    [("   ", "Write the note before you save it."), ("x" * 5001, "Ensure this value has at most 5000 characters")],
)
def test_bad_input_comes_back_with_the_error_and_loses_nothing(case, body, error):
    response = add(case["advocate"], case["survivor"], body=body, visibility="care_team")
    html = response.content.decode()
    assert response.status_code == 200
    assert error in html
    assert 'aria-invalid="true"' in html
    assert re.search(r'value="care_team"[^>]*checked', html), "her choice is kept"
    assert CaseNote.objects.count() == 0


def test_the_error_is_in_the_advocates_language(case):
    profile = UserProfile.get_for_user(case["advocate"].user)
    profile.preferred_language = "es"
    profile.save()
    html = add(case["advocate"], case["survivor"], body="").content.decode()
    assert "Escriba la nota antes de guardarla." in html


def test_an_advocate_edits_her_own_note_and_no_one_elses(case):
    add(case["advocate"], case["survivor"])
    note = CaseNote.objects.get()
    edit_url = reverse("cases:edit_note", args=[note.pk])
    assert case["advocate"].get(edit_url).status_code == 200
    response = case["advocate"].post(edit_url, {"body": "Moved the plan to Waco", "visibility": "care_team"})
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.body, note.visibility) == ("Moved the plan to Waco", CaseNote.Visibility.CARE_TEAM)
    assert case["advocate"].post(edit_url, {"body": "", "visibility": "care_team"}).status_code == 200
    colleague = staff_client(case["organization"], "colleague")
    assert colleague.get(edit_url).status_code == 404
    assert colleague.post(edit_url, {"body": "changed", "visibility": "organization"}).status_code == 404
    outsider = staff_client(make_organization("Elsewhere"), "outsider")
    assert outsider.get(edit_url).status_code == 404
    note.refresh_from_db()
    assert note.body == "Moved the plan to Waco"


@pytest.fixture
def shared(case):
    add(case["advocate"], case["survivor"], body="Only for us", visibility="organization")
    add(case["advocate"], case["survivor"], body="For the care team", visibility="care_team")
    return case


def partner_client(organization, username):
    return staff_client(organization, username, role=Membership.Role.PARTNER)


def test_a_care_team_partner_with_consent_reads_the_care_team_notes_and_she_sees_the_look(shared):
    survivor = shared["survivor"]
    partner_org, consent = make_partner(survivor, categories=("notes",))
    partner = partner_client(partner_org, "clinic-user")
    html = partner.get(reverse("cases:shared_notes", args=[survivor.pk])).content.decode()
    assert "For the care team" in html
    assert "Only for us" not in html
    event = AccessEvent.objects.get(survivor=survivor, viewer=partner.user)
    assert (event.category, event.basis, event.consent, event.permitted) == ("notes", Basis.CONSENT, consent, True)
    assert (
        reverse("cases:shared_notes", args=[survivor.pk])
        in partner.get(reverse("sharing_partner_survivor", args=[survivor.pk])).content.decode()
    )


def test_without_a_consent_covering_notes_a_partner_gets_a_404(shared):
    survivor = shared["survivor"]
    partner_org, _consent = make_partner(survivor, categories=("goals",))
    partner = partner_client(partner_org, "clinic-user")
    assert partner.get(reverse("cases:shared_notes", args=[survivor.pk])).status_code == 404


def test_a_withdrawn_consent_stops_the_next_read(shared):
    survivor = shared["survivor"]
    partner_org, consent = make_partner(survivor, categories=("notes",))
    partner = partner_client(partner_org, "clinic-user")
    url = reverse("cases:shared_notes", args=[survivor.pk])
    assert partner.get(url).status_code == 200
    consent.revoke(Consent.Given.PORTAL)
    assert partner.get(url).status_code == 404


def test_a_partner_with_consent_but_not_on_her_care_team_sees_no_note(shared):
    survivor = shared["survivor"]
    outside_org = make_organization("Not On Her Team")
    from tests.sharing.builders import make_consent

    make_consent(survivor, outside_org, categories=["notes"])
    html = partner_client(outside_org, "outside-user").get(reverse("cases:shared_notes", args=[survivor.pk]))
    assert html.status_code == 200
    assert "For the care team" not in html.content.decode()
