"""A number another case holds is settled by supervisors of both sides, and nobody else learns anything.

The advocate who typed it hears only that a supervisor handles it; the requesting supervisor never sees
who holds it; the holding supervisor never sees who asks; advocates and partner users of any
organisation reach no request; a released number leaves her history with her, never in the shared queue.
"""

import logging

import pytest
from django.test import Client

from portal.accounts.models import Membership, NumberRequest, SurvivorProfile
from portal.core.phones import phone_index
from portal.messaging import send_sms, texts
from portal.messaging.inbound import receive_sms
from portal.messaging.models import Contact, InboundMessage
from portal.messaging.outbox import deliver
from portal.messaging.statuses import DeliveryStatus
from tests.accounts.builders import make_organization, make_staff, make_survivor, verified_admin_client
from tests.accounts.test_number_change import every_stored_value, intake_data

pytestmark = pytest.mark.django_db

HELD = "+17135550733"
HOLDER_NAME = "Rosalind Keptname"
REQUESTER_NAME = "Ines Askername"
HOLDER_TEXT = "the shelter on Pine lets me stay until Friday"
SUPERVISOR_HANDLES_IT = "A supervisor of your organization will check it"


@pytest.fixture
def world():
    """Organisation A's survivor wants a number organisation B's survivor has; C is a third party."""
    a, b, c = make_organization("Asking Org"), make_organization("Holding Org"), make_organization("Third Org")
    holder = make_survivor(b, phone=HELD, name=HOLDER_NAME)
    receive_sms("SM" + "7" * 32, HELD, HOLDER_TEXT)
    requester = make_survivor(a, name=REQUESTER_NAME)
    clients = {}
    for organization, role, name in [
        (a, Membership.Role.ADVOCATE, "a-advocate"),
        (a, Membership.Role.SUPERVISOR, "a-supervisor"),
        (b, Membership.Role.ADVOCATE, "b-advocate"),
        (b, Membership.Role.SUPERVISOR, "b-supervisor"),
        (c, Membership.Role.ADVOCATE, "c-advocate"),
        (c, Membership.Role.PARTNER, "c-partner"),
        (c, Membership.Role.SUPERVISOR, "c-supervisor"),
    ]:
        clients[name] = verified_admin_client(Client(), make_staff(organization, name, role=role))
    return {"a": a, "b": b, "holder": holder, "requester": requester, "clients": clients}


def type_the_held_number(world):
    requester = world["requester"]
    data = {**intake_data(requester, HELD), "name": REQUESTER_NAME}
    return world["clients"]["a-advocate"].post(f"/admin/survivors/edit/{requester.pk}/", data)


def step(client, request, name):
    return client.post(f"/admin/number-requests/{request.pk}/", {"step": name})


def page(client, url):
    response = client.get(url)
    return response.status_code, response.content.decode()


def test_intake_raises_a_request_and_tells_the_advocate_only_that_a_supervisor_handles_it(world, caplog):
    with caplog.at_level(logging.INFO):
        response = type_the_held_number(world)
    body = response.content.decode()
    assert response.status_code == 200 and SUPERVISOR_HANDLES_IT in body
    assert "Holding Org" not in body and HOLDER_NAME not in body
    request = NumberRequest.objects.get()
    assert (request.status, request.requesting_organization, request.survivor) == (
        NumberRequest.Status.RAISED,
        world["a"],
        world["requester"],
    )
    # Typing it again raises no second request.
    type_the_held_number(world)
    assert NumberRequest.objects.count() == 1
    # The number is kept only as its blind index, and never logged.
    stored = [value for table, _c, value in every_stored_value() if table == "accounts.NumberRequest"]
    assert HELD not in stored and HELD[-4:] not in " ".join(stored)
    assert request.phone_index == phone_index(HELD)
    assert "number request" in caplog.text and HELD[-4:] not in caplog.text
    # The same words when the number is her own organisation's other survivor's: no hint who holds it.
    own = make_survivor(world["a"], name="Someone Else")
    data = {**intake_data(world["requester"], own.contact.phone), "name": REQUESTER_NAME}
    again = world["clients"]["a-advocate"].post(f"/admin/survivors/edit/{world['requester'].pk}/", data)
    assert SUPERVISOR_HANDLES_IT in again.content.decode()


def test_asked_and_released_the_number_leaves_her_history_with_her_and_frees_it(world):
    type_the_held_number(world)
    request = NumberRequest.objects.get()
    clients, holder = world["clients"], world["holder"]
    url = f"/admin/number-requests/{request.pk}/"

    # Before it is asked for, the holding side sees nothing.
    assert page(clients["b-supervisor"], url)[0] == 404
    assert "Number request #" not in page(clients["b-supervisor"], "/admin/number-requests/")[1]
    status, body = page(clients["a-supervisor"], url)
    assert status == 200 and "Ask for the number" in body
    assert "Holding Org" not in body and HOLDER_NAME not in body and str(holder) not in body
    assert step(clients["a-supervisor"], request, "ask").status_code == 303

    status, body = page(clients["b-supervisor"], url)
    assert status == 200 and "Release the number" in body and str(holder) in body
    assert "Asking Org" not in body and REQUESTER_NAME not in body and str(world["requester"]) not in body
    assert "a-supervisor" not in body and "a-advocate" not in body
    # A side cannot take the other side's step.
    step(clients["a-supervisor"], request, "release")
    step(clients["b-supervisor"], request, "withdraw")
    assert NumberRequest.objects.get().status == NumberRequest.Status.ASKED

    step(clients["b-supervisor"], request, "release")
    request.refresh_from_db()
    assert request.status == NumberRequest.Status.RELEASED and request.phone_index == ""
    assert request.asked_by.username == "a-supervisor" and request.closed_by.username == "b-supervisor"
    assert request.raised_at <= request.asked_at <= request.closed_at
    # Her texts stay on her record, with her organisation; her record has no number now.
    holder.refresh_from_db()
    kept = holder.contact
    assert kept.phone == "" and kept.organization_id == world["b"].pk
    assert set(InboundMessage.objects.filter(contact=kept).values_list("body", flat=True)) == {HOLDER_TEXT}
    # The number is a bare contact of the asking organisation: not in the shared queue, nothing of hers.
    freed = Contact.objects.for_phone(HELD)
    assert freed.organization_id == world["a"].pk and not freed.inbound_messages.exists()
    shared = InboundMessage.objects.filter(contact__organization__isnull=True)
    assert HOLDER_TEXT not in {message.body for message in shared}
    # Each side names its own people and only "the other organization" for the other.
    body = page(clients["a-supervisor"], url)[1]
    assert "a-advocate" in body and "b-supervisor" not in body and "Someone at the other organization" in body

    # Now the advocate saves it, and her texts did not come along.
    assert type_the_held_number(world).status_code == 302
    requester = SurvivorProfile.objects.get(pk=world["requester"].pk)
    assert requester.contact.phone == HELD
    assert not InboundMessage.objects.filter(contact=requester.contact).exists()


def test_declined_or_withdrawn_the_number_stays_where_it_is(world):
    clients = world["clients"]
    type_the_held_number(world)
    first = NumberRequest.objects.get()
    step(clients["a-supervisor"], first, "ask")
    step(clients["b-supervisor"], first, "decline")
    first.refresh_from_db()
    assert first.status == NumberRequest.Status.DECLINED and first.closed_by.username == "b-supervisor"
    assert "another number" in page(clients["a-supervisor"], f"/admin/number-requests/{first.pk}/")[1]

    type_the_held_number(world)
    second = NumberRequest.objects.get(status=NumberRequest.Status.RAISED)
    step(clients["a-supervisor"], second, "withdraw")
    second.refresh_from_db()
    assert second.status == NumberRequest.Status.WITHDRAWN and second.asked_at is None
    assert page(clients["b-supervisor"], f"/admin/number-requests/{second.pk}/")[0] == 404
    assert Contact.objects.for_phone(HELD).pk == world["holder"].contact_id


def test_a_number_that_moved_after_it_was_asked_for_is_not_released(world):
    clients = world["clients"]
    type_the_held_number(world)
    request = NumberRequest.objects.get()
    step(clients["a-supervisor"], request, "ask")
    holder = world["holder"]
    holder.contact.phone = "+17135550744"
    holder.contact.save()
    step(clients["b-supervisor"], request, "release")
    request.refresh_from_db()
    holder.contact.refresh_from_db()
    assert request.status == NumberRequest.Status.WITHDRAWN and holder.contact.phone == "+17135550744"


@pytest.mark.parametrize("attacker", ["a-advocate", "b-advocate", "c-advocate", "c-partner", "c-supervisor"])
def test_nobody_without_a_side_reaches_a_request(world, attacker):
    """Advocates (even of either side), a partner user and a supervisor of a third organisation."""
    type_the_held_number(world)
    request = NumberRequest.objects.get()
    step(world["clients"]["a-supervisor"], request, "ask")
    client = world["clients"][attacker]
    status, body = page(client, f"/admin/number-requests/{request.pk}/")
    assert status == 404 and HOLDER_NAME not in body and "Holding Org" not in body
    listing_status, listing = page(client, "/admin/number-requests/")
    assert listing_status in (302, 403, 404) or "Number request #" not in listing
    if attacker != "c-supervisor":
        assert "/admin/number-requests/" not in page(client, "/admin/")[1]
    for name in ("release", "decline", "withdraw"):
        assert step(client, request, name).status_code == 404
    request.refresh_from_db()
    assert request.status == NumberRequest.Status.ASKED
    assert Contact.objects.for_phone(HELD).pk == world["holder"].contact_id


def test_a_request_id_that_does_not_exist_looks_the_same(world):
    type_the_held_number(world)
    request = NumberRequest.objects.get()
    client = world["clients"]["b-supervisor"]
    assert page(client, f"/admin/number-requests/{request.pk}/")[0] == 404  # not asked yet
    assert page(client, f"/admin/number-requests/{request.pk + 1000}/")[0] == 404


def test_a_new_survivors_intake_raises_a_request_for_no_one_yet(world):
    data = {**intake_data(world["requester"], HELD), "name": "Brand New Person"}
    response = world["clients"]["a-advocate"].post("/admin/survivors/new/", data)
    assert response.status_code == 200 and SUPERVISOR_HANDLES_IT in response.content.decode()
    assert not SurvivorProfile.objects.filter(organization=world["a"]).exclude(pk=world["requester"].pk).exists()
    request = NumberRequest.objects.get()
    assert request.survivor is None and request.raised_by.username == "a-advocate"
    status, body = page(world["clients"]["a-supervisor"], "/admin/number-requests/")
    assert status == 200 and "A new survivor at intake" in body and str(request) in body


def test_a_text_queued_for_her_before_the_release_never_reaches_the_number(world, sms_outbox):
    queued = send_sms(world["holder"].contact, texts.CHECK_IN)
    type_the_held_number(world)
    request = NumberRequest.objects.get()
    step(world["clients"]["a-supervisor"], request, "ask")
    step(world["clients"]["b-supervisor"], request, "release")
    deliver(queued.pk)
    queued.refresh_from_db()
    assert queued.status == DeliveryStatus.CANCELLED and queued.error_code == "no-number"
    assert sms_outbox == []
