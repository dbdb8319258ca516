"""The survivor pauses and restarts check-in texts from /my/, without JavaScript."""

from datetime import time

from portal.checkins.models import CheckIn, CheckInPlan
from tests.accounts.builders import make_survivor, sign_in_directly

from .conftest import make_checkin_plan


def test_the_survivor_pauses_and_restarts_check_ins(client, db):
    plan = make_checkin_plan(make_survivor(), start=time(0), end=time(0))
    sign_in_directly(client, plan.survivor)
    response = client.get("/en/my/check-ins/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Pause check-in texts" in response.content.decode()

    assert client.post("/en/my/check-ins/", {"action": "pause"}).status_code == 303
    plan.refresh_from_db()
    assert plan.is_paused and plan.paused_by == CheckInPlan.PausedBy.SURVIVOR
    assert "Start check-in texts again" in client.get("/en/my/check-ins/").content.decode()

    assert client.post("/en/my/check-ins/", {"action": "resume"}).status_code == 303
    plan.refresh_from_db()
    assert not plan.is_paused
    assert plan.check_ins.filter(status=CheckIn.Status.DUE).count() == 1


def test_only_the_signed_in_survivors_plans_change(client, db):
    mine = make_checkin_plan(make_survivor(), start=time(0), end=time(0))
    theirs = make_checkin_plan(make_survivor(), start=time(0), end=time(0))
    sign_in_directly(client, mine.survivor)
    client.post("/en/my/check-ins/", {"action": "pause"})
    theirs.refresh_from_db()
    assert not theirs.is_paused


def test_signed_out_visitors_go_to_sign_in(client, db):
    response = client.post("/en/my/check-ins/", {"action": "pause"})
    assert response.status_code == 302 and "/my/sign-in/" in response["Location"]
