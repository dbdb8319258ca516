"""/<lang>/my/feedback/: a survivor rates only services they were referred to, in their language."""

import pytest
from django.db import connection
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from portal.feedback.models import Feedback, ReportingConsent
from portal.plans.models import Referral
from tests.accounts.builders import make_organization, make_survivor, sign_in_directly
from tests.feedback.builders import make_category, make_service, plan_with_goals, refer

pytestmark = pytest.mark.django_db

VALID = {"met_need": "4", "respect": "5", "language_ok": "yes", "comment": "They listened to me."}


@pytest.fixture
def world(client):
    provider = make_organization("Provider Org")
    category = make_category("legal", "Legal test category")
    used, other = make_service(provider, "Used Service", category), make_service(provider, "Other Service", category)
    survivor = make_survivor(make_organization("Advocates Org"), name="Ana")
    plan = plan_with_goals(survivor, [])
    done = refer(plan, used, Referral.Status.DONE)
    sent = refer(plan, other, Referral.Status.SENT)
    sign_in_directly(client, survivor)
    return {"survivor": survivor, "done": done, "sent": sent, "used": used}


def test_a_done_referral_can_be_rated_and_the_comment_is_encrypted(client, world):
    assert client.get(f"/en/my/feedback/{world['done'].pk}/").status_code == 200
    response = client.post(f"/en/my/feedback/{world['done'].pk}/", {**VALID, "count_me": "on"})
    assert response.status_code == 303
    feedback = Feedback.objects.get(survivor=world["survivor"])
    assert (feedback.service, feedback.met_need, feedback.respect, feedback.language_ok) == (world["used"], 4, 5, True)
    assert feedback.comment == "They listened to me."
    with connection.cursor() as cursor:
        cursor.execute("SELECT comment FROM feedback_feedback WHERE id = %s", [feedback.pk])
        assert "listened" not in cursor.fetchone()[0]
    assert ReportingConsent.objects.get(survivor=world["survivor"]).agreed


def test_a_second_rating_of_the_same_service_replaces_the_first(client, world):
    client.post(f"/en/my/feedback/{world['done'].pk}/", VALID)
    client.post(f"/en/my/feedback/{world['done'].pk}/", {**VALID, "met_need": "2"})
    assert list(Feedback.objects.filter(survivor=world["survivor"]).values_list("met_need", flat=True)) == [2]


def test_services_not_used_or_not_referred_to_cannot_be_rated(client, world):
    stranger = make_survivor(make_organization("Elsewhere"), name="Bea")
    strangers_referral = refer(plan_with_goals(stranger, []), world["used"], Referral.Status.DONE)
    declined = refer(
        world["done"].plan,
        make_service(world["used"].organization, "Declined", make_category("x", "X")),
        Referral.Status.DECLINED,
    )
    for referral in (world["sent"], declined, strangers_referral):
        assert client.get(f"/en/my/feedback/{referral.pk}/").status_code == 404
        assert client.post(f"/en/my/feedback/{referral.pk}/", VALID).status_code == 404
    assert client.get("/en/my/feedback/999999/").status_code == 404
    assert not Feedback.objects.exists()


def test_signed_out_visitors_go_to_sign_in(world):
    response = Client().get(f"/en/my/feedback/{world['done'].pk}/")
    assert response.status_code == 302
    assert "/my/sign-in/" in response["Location"]


def test_invalid_ratings_are_shown_again_with_errors(client, world):
    response = client.post(f"/en/my/feedback/{world['done'].pk}/", {"met_need": "9", "language_ok": "maybe"})
    assert response.status_code == 400
    html = response.content.decode()
    # Out of range, and missing: each beside its field and again in the error summary.
    assert html.count("Choose a number from 1 to 5.") == 4
    assert "Choose yes or no." in html
    assert 'aria-describedby="id_met_need_error"' in html
    assert not Feedback.objects.exists()


def test_errors_are_in_the_page_language(client, world):
    """The page and its errors go through the Spanish catalogue (compiled by `make`/CI)."""
    response = client.post(f"/es/my/feedback/{world['done'].pk}/", {"met_need": "0"})
    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="es"' in html
    with translation.override("es"):  # whatever the compiled catalogue holds for these, in Spanish
        expected = [gettext("There is a problem"), gettext("Choose a number from 1 to 5.")]
        expected += [gettext("Choose yes or no."), gettext("Did they treat you with respect?")]
    for text in expected:
        assert escape(text) in html
    assert "no-store" in response["Cache-Control"]


def test_the_plan_page_links_to_rating_only_done_referrals(client, world):
    html = client.get("/en/my/plan/").content.decode()
    assert f"/en/my/feedback/{world['done'].pk}/" in html
    assert f"/en/my/feedback/{world['sent'].pk}/" not in html


def test_the_survivor_chooses_whether_they_are_counted(client, world):
    page = client.get("/en/my/feedback/")
    assert page.status_code == 200
    assert "Used Service" in page.content.decode()
    assert "Other Service" not in page.content.decode()  # only sent, not rateable yet
    assert client.post("/en/my/feedback/", {"count_me": "on"}).status_code == 303
    assert ReportingConsent.objects.get(survivor=world["survivor"]).agreed
    client.post("/en/my/feedback/", {})
    assert not ReportingConsent.objects.get(survivor=world["survivor"]).agreed


def test_feedback_leaves_with_the_survivors_data(client, world):
    from datetime import timedelta

    from django.utils import timezone

    from portal.plans.retention import purge_due

    client.post(f"/en/my/feedback/{world['done'].pk}/", {**VALID, "count_me": "on"})
    assert Feedback.objects.count() == 1
    world["survivor"].close_case(when=timezone.now() - timedelta(days=10000))
    purge_due()
    assert not Feedback.objects.exists()
    assert not ReportingConsent.objects.exists()
