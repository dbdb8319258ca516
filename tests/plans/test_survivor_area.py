"""/<lang>/my/: a survivor sees their own plan, marks their steps done, and reaches nobody else's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.messaging.models import HelpRequest
from portal.plans.models import Goal, Plan, PlanEvent, Step
from tests.accounts.builders import make_organization, make_plan, make_survivor, sign_in_directly

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(client):
    profile = make_survivor(name="Ana")
    make_plan(profile)
    sign_in_directly(client, profile)
    return profile


@pytest.fixture
def bea():
    profile = make_survivor(make_organization("Other Org"), name="Bea")
    plan = make_plan(profile)
    for goal in plan.goals.all():
        goal.text = f"Bea private goal {goal.pk}"
        goal.save()
    return profile


@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_the_plan_page_shows_the_plan_in_the_page_language(client, ana, language):
    response = client.get(f"/{language}/my/plan/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert 'dir="rtl"' in html if language == "ar" else 'dir="ltr"' in html
    for number in range(3):
        assert f"Goal number {number} in my words" in html  # their own words, as written
    assert "Step number 0" in html
    assert "Lawyer 0" in html
    assert "no-store" in response["Cache-Control"]


def test_a_hidden_place_is_never_shown(client, ana):
    plan = ana.plans.get()
    plan.appointments.update(hide_place=True)
    html = client.get("/en/my/plan/").content.decode()
    assert "Secret shelter office" not in html
    plan.appointments.update(hide_place=False)
    assert "Secret shelter office" in client.get("/en/my/plan/").content.decode()


def test_the_start_page_shows_what_is_next(client, ana):
    response = client.get("/en/my/")
    assert response.status_code == 200
    assert b"Step number 0" in response.content
    assert b"Lawyer 0" in response.content


def test_marking_an_own_step_done(client, ana):
    step = Step.objects.filter(plan__survivor=ana, who=Step.Who.SURVIVOR).first()
    response = client.post(f"/en/my/steps/{step.pk}/done/")
    assert response.status_code == 303
    step.refresh_from_db()
    assert step.status == Step.Status.DONE
    assert step.done_at is not None
    assert PlanEvent.objects.filter(plan=step.plan, kind=PlanEvent.Kind.STEP_DONE).count() == 1


def test_an_advocates_step_cannot_be_marked_by_the_survivor(client, ana):
    step = Step.objects.filter(plan__survivor=ana, who=Step.Who.ADVOCATE).first()
    assert client.post(f"/en/my/steps/{step.pk}/done/").status_code == 404
    step.refresh_from_db()
    assert step.status == Step.Status.TO_DO


def test_another_survivors_plan_and_steps_are_unreachable(client, ana, bea):
    html = client.get("/en/my/plan/").content.decode() + client.get("/en/my/").content.decode()
    assert "Bea private goal" not in html
    for step in Step.objects.filter(plan__survivor=bea):
        for method in (client.get, client.post):
            assert method(f"/en/my/steps/{step.pk}/done/").status_code == 404
        step.refresh_from_db()
        assert step.status == Step.Status.TO_DO


def test_pages_are_the_same_size_in_queries_for_3_or_30_goals_and_steps(client):
    counts = []
    for size in (3, 30):
        profile = make_survivor()
        make_plan(profile, goals=size, steps=size, appointments=size // 3)
        sign_in_directly(client, profile)
        for path in ("/en/my/", "/en/my/plan/"):
            client.get(path)  # warm caches (content types, site)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            counts.append((path, len(queries)))
    assert counts[0] == counts[2] and counts[1] == counts[3], counts
    assert max(count for _path, count in counts) <= 20, counts  # 8 of them are the site chrome


def test_proposing_a_goal_in_own_words(client, ana):
    response = client.post("/en/my/goals/new/", {"text": "Quiero aprender a manejar", "domain": ""})
    assert response.status_code == 303
    goal = Goal.objects.get(plan__survivor=ana, proposed_by=Goal.ProposedBy.SURVIVOR)
    assert goal.text == "Quiero aprender a manejar"
    assert goal.status == Goal.Status.PROPOSED
    assert PlanEvent.objects.filter(kind=PlanEvent.Kind.GOAL_PROPOSED, plan__survivor=ana).exists()


def test_each_question_is_its_own_unread_item_in_the_advocates_queue(client, ana):
    response = client.post("/en/my/ask/", {"message": "Can we meet on Friday?"})
    assert response.status_code == 303
    request = HelpRequest.objects.get(contact=ana.contact)
    assert request.message == "Can we meet on Friday?"
    assert (request.source, request.kind, request.status) == ("web", HelpRequest.Kind.QUESTION, "new")
    assert request.conversation.unread
    client.post("/en/my/ask/", {"message": "And bring my papers?"})
    request.refresh_from_db()
    assert request.message == "Can we meet on Friday?"  # the first question is left as it was
    questions = HelpRequest.objects.filter(contact=ana.contact, kind=HelpRequest.Kind.QUESTION).order_by("pk")
    assert [question.message for question in questions] == ["Can we meet on Friday?", "And bring my papers?"]
    assert len({question.conversation_id for question in questions}) == 1  # one thread, two items


def test_safe_contact_settings_change_the_contact(client, ana):
    response = client.post(
        "/en/my/settings/",
        {
            "language": "vi",
            "time_zone": "America/Denver",
            "safe_time": "evening",
            "may_identify": "yes",
            "voicemail_ok": "yes",
            "code_word": "  Pecan  ",
        },
    )
    assert response.status_code == 303
    ana.refresh_from_db()
    contact = ana.contact
    contact.refresh_from_db()
    assert (contact.language, contact.time_zone, contact.may_identify, contact.code_word) == (
        "vi",
        "America/Denver",
        True,
        "Pecan",
    )
    assert (contact.safe_hours_start.hour, contact.safe_hours_end.hour) == (17, 21)
    assert ana.voicemail_ok


def test_asking_for_deletion(client, ana):
    assert client.post("/en/my/delete/", {}).status_code == 400
    assert client.post("/en/my/delete/", {"confirm": "on"}).status_code == 303
    ana.refresh_from_db()
    assert ana.deletion_requested_at is not None
    assert PlanEvent.objects.filter(kind=PlanEvent.Kind.DELETION_REQUESTED, plan__survivor=ana).exists()


def test_a_closed_plan_is_not_shown(client, ana):
    Plan.objects.filter(survivor=ana).update(status=Plan.Status.CLOSED)
    html = client.get("/en/my/plan/").content.decode()
    assert "Goal number 0" not in html


def test_seed_demo_prints_a_demo_survivor_who_can_sign_in(client, django_capture_on_commit_callbacks, settings):
    import io
    import re

    from django.core.management import call_command

    from portal.accounts.models import SurvivorProfile
    from portal.core.phones import phone_index
    from portal.messaging.backends import locmem

    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    text = output.getvalue()
    assert "Demo survivor" in text
    phone = text.split("Demo survivor")[1].split("phone:")[1].split()[0]
    assert re.fullmatch(r"\+1\d{3}55501\d\d", phone)
    profile = SurvivorProfile.objects.get(contact__phone_index=phone_index(phone))
    plan = profile.plans.get()
    assert plan.goals.count() == 3
    assert plan.goals.filter(proposed_by=Goal.ProposedBy.SURVIVOR).count() == 3
    assert plan.steps.exists() and plan.referrals.exists() and plan.appointments.exists()
    assert profile.organization.memberships.filter(user__username="advocate").exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/es/my/sign-in/", {"phone": phone}).status_code == 303
    assert [sms for sms in locmem.outbox if sms.to == phone]


def test_the_delete_forms_checkbox_error_is_shown_and_linked(client, ana):
    response = client.post("/en/my/delete/", {})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_confirm_error"' in html and 'aria-describedby="id_confirm_error"' in html
    assert 'href="#id_confirm"' in html


def test_a_step_marked_done_by_mistake_can_be_put_back(client, ana):
    step = Step.objects.filter(plan__survivor=ana, who=Step.Who.SURVIVOR).first()
    client.post(f"/en/my/steps/{step.pk}/done/")
    assert f"/en/my/steps/{step.pk}/not-done/" in client.get("/en/my/plan/").content.decode()
    response = client.post(f"/en/my/steps/{step.pk}/not-done/")
    assert response.status_code == 303 and response["Location"] == "/en/my/plan/#my-steps"
    step.refresh_from_db()
    assert step.status == Step.Status.TO_DO and step.done_at is None
    assert PlanEvent.objects.filter(plan=step.plan, kind=PlanEvent.Kind.UPDATED, detail__endswith="not done after all")


def test_an_advocates_step_cannot_be_put_back_by_the_survivor(client, ana):
    step = Step.objects.filter(plan__survivor=ana, who=Step.Who.ADVOCATE).first()
    Step.objects.filter(pk=step.pk).update(status=Step.Status.DONE)
    assert client.post(f"/en/my/steps/{step.pk}/not-done/").status_code == 404
    step.refresh_from_db()
    assert step.status == Step.Status.DONE
