"""The staff's list of calls: their own organisation's calls only, what each caller chose and what came of
it, and never a phone number. The calls are made through the signed webhooks, as Twilio makes them."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from portal.accounts.models import Membership
from portal.messaging.models import HelpRequest
from portal.voice.models import Call
from tests.accounts.builders import make_organization, make_staff, make_survivor, verified_admin_client
from tests.voice.calls import call_in, new_sid, press

pytestmark = pytest.mark.django_db
MONDAY_NOON = datetime(2026, 11, 23, 12, tzinfo=ZoneInfo("America/Chicago"))
A_PHONE, B_PHONE = "+17135550181", "+17135550182"


@pytest.fixture
def calls(client):
    """Organisation A's survivor calls three times, organisation B's once; seen an hour later."""
    a, b = make_organization("Calls Organisation A"), make_organization("Calls Organisation B")
    make_survivor(a, phone=A_PHONE, language="es")
    make_survivor(b, phone=B_PHONE, language="vi")
    made = {}
    with time_machine.travel(MONDAY_NOON, tick=False) as traveller:
        # Places near her ZIP, then a person at the hotline.
        made["hotline"] = sid = new_sid()
        call_in(client, sid, A_PHONE)
        press(client, sid, "menu", "1", A_PHONE)
        press(client, sid, "zip", "77002", A_PHONE)
        press(client, sid, "places", "0", A_PHONE)
        # A call back, then "I am not safe".
        made["urgent"] = sid = new_sid()
        call_in(client, sid, A_PHONE)
        press(client, sid, "menu", "2", A_PHONE)
        press(client, sid, "callback", "1", A_PHONE)
        # The help line numbers, then she hangs up.
        made["dropped"] = sid = new_sid()
        call_in(client, sid, A_PHONE)
        press(client, sid, "menu", "9", A_PHONE)
        # Organisation B's survivor asks for a call back.
        made["other"] = sid = new_sid()
        call_in(client, sid, B_PHONE)
        press(client, sid, "menu", "2", B_PHONE)
        traveller.shift(timedelta(hours=1))
        staff = {
            role: verified_admin_client(Client(), make_staff(a, f"calls-{role}", role=role))
            for role in Membership.Role.values
        }
        yield {sid_name: Call.objects.get(call_sid=sid) for sid_name, sid in made.items()}, staff


def rows(page):
    """The listing's rows, each as its text with whitespace squeezed."""
    body = page.content.decode()
    listing = body.index('class="listing')
    table = body[body.index("<tbody", listing) : body.index("</tbody>", listing)]
    text = re.sub(r"<[^>]+>", " ", table.replace("</tr>", "\x00"))
    return [" ".join(row.split()) for row in text.split("\x00") if row.strip()]


def test_advocates_and_supervisors_see_their_own_organisations_calls(calls):
    made, staff = calls
    for role in (Membership.Role.ADVOCATE, Membership.Role.SUPERVISOR):
        page = staff[role].get("/admin/calls/")
        assert page.status_code == 200
        listed = rows(page)
        assert len(listed) == 3, listed  # not organisation B's call
        body = page.content.decode()
        urgent = made["urgent"]
        assert f'href="/admin/help-requests/edit/{urgent.help_request_id}/"' in body
        assert "Open case" in body
        assert f"/admin/calls/inspect/{made['other'].pk}/" not in body
        assert f"/admin/help-requests/edit/{made['other'].help_request_id}/" not in body


def test_each_call_says_what_she_chose_and_what_came_of_it(calls):
    made, staff = calls
    listed = rows(staff[Membership.Role.ADVOCATE].get("/admin/calls/"))
    [hotline] = [row for row in listed if "Put through to the hotline" in row]
    [dropped] = [row for row in listed if "Dropped" in row]
    [urgent] = [row for row in listed if "Urgent" in row]
    assert "Español" in hotline and "Places near a ZIP code" in hotline and "Talk to someone now" in hotline
    assert "Put through to the hotline" in hotline and "Dropped" not in hotline
    assert "Help line numbers" in dropped and "The main menu" in dropped
    assert "Urgent" in urgent and "Help request made" in urgent and "A call back" in urgent
    assert "Said goodbye" in urgent and "Dropped" not in urgent
    assert made["urgent"].help_request.urgent
    assert made["hotline"].dialled_hotline and made["hotline"].heard_places
    assert made["dropped"].heard_hotline_number and not made["dropped"].dialled_hotline


def test_no_phone_number_on_the_list_or_a_call(calls):
    made, staff = calls
    advocate = staff[Membership.Role.ADVOCATE]
    for url in ("/admin/calls/", f"/admin/calls/inspect/{made['urgent'].pk}/"):
        page = advocate.get(url)
        assert page.status_code == 200
        body = page.content.decode()
        for phone in (A_PHONE, A_PHONE[2:], A_PHONE[-4:], B_PHONE[-4:]):
            assert phone not in body, (url, phone)


def test_another_organisations_call_is_the_same_404_as_a_missing_one(calls):
    made, staff = calls
    missing = Call.objects.order_by("-pk").first().pk + 1000
    for role in (Membership.Role.ADVOCATE, Membership.Role.SUPERVISOR, Membership.Role.PARTNER):
        for pk in (made["other"].pk, missing):
            response = staff[role].get(f"/admin/calls/inspect/{pk}/")
            assert response.status_code == 404, (role, pk)


def test_a_partner_user_has_no_list_of_calls(calls):
    _made, staff = calls
    response = staff[Membership.Role.PARTNER].get("/admin/calls/")
    assert response.status_code in (302, 403, 404)
    assert "Calls Organisation" not in response.content.decode()
    assert HelpRequest.objects.filter(source=HelpRequest.Source.VOICE).count() == 2
