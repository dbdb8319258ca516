"""Settling a phone number two cases claim, between supervisors, without either side learning the other's.

1. Intake refuses a number another case holds and raises a request (`raise_request`); the advocate is
   told only that a supervisor handles it, the same words whoever holds the number.
2. A supervisor of the requesting organisation asks for the number, or withdraws.
3. A supervisor of the holding organisation then releases it (messaging.numbers.release_number) or
   declines. Until step 2 the holding side sees nothing.

Each side sees its own survivor's record only; neither sees the other organisation. Every step keeps
who and when, and is logged with ids only. Advocates and partner users see no request at all.
"""

import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portal.messaging.numbers import release_number

from .models import Membership, NumberRequest, organization_ids

logger = logging.getLogger(__name__)

Status = NumberRequest.Status

# Which side may take which step, and from which status.
STEPS = {
    "ask": ("requesting", (Status.RAISED,), Status.ASKED),
    "withdraw": ("requesting", NumberRequest.OPEN, Status.WITHDRAWN),
    "release": ("holding", (Status.ASKED,), Status.RELEASED),
    "decline": ("holding", (Status.ASKED,), Status.DECLINED),
}


def supervised_organization_ids(user):
    return organization_ids(user, (Membership.Role.SUPERVISOR,))


def visible_requests(user):
    """Requests the user supervises a side of; the holding side only once it was asked."""
    organization_ids = supervised_organization_ids(user)
    return NumberRequest.objects.filter(
        Q(requesting_organization_id__in=organization_ids)
        | Q(holder__organization_id__in=organization_ids, asked_at__isnull=False)
    )


def sides(user, request):
    organization_ids = supervised_organization_ids(user)
    found = set()
    if request.requesting_organization_id in organization_ids:
        found.add("requesting")
    if request.asked_at is not None and request.holding_organization_id in organization_ids:
        found.add("holding")
    return found


def allowed_steps(user, request):
    mine = sides(user, request)
    return [step for step, (side, before, _after) in STEPS.items() if side in mine and request.status in before]


def raise_request(*, staff, organization, holder, number_index, survivor=None):
    """One open request per organisation and number: typing it again changes nothing."""
    open_requests = NumberRequest.objects.filter(
        requesting_organization=organization, holder=holder, phone_index=number_index, status__in=NumberRequest.OPEN
    )
    request = open_requests.first()
    if request is None:
        request = NumberRequest.objects.create(
            requesting_organization=organization,
            holder=holder,
            phone_index=number_index,
            survivor=survivor,
            raised_by=staff,
        )
        logger.info("number request %s: raised by staff %s", request.pk, staff.pk)
    return request


@transaction.atomic
def take_step(user, request_id, step):
    """Take `step` if the user may, now; returns the request, or None when the step is not allowed
    (anymore). The row is locked, so two supervisors answering at once cannot both win."""
    request = visible_requests(user).select_for_update(of=("self",)).filter(pk=request_id).first()
    if request is None or step not in allowed_steps(user, request):
        return None
    now = timezone.now()
    if step == "release" and not release_number(
        request.holder, request.phone_index, request.requesting_organization_id
    ):
        step = "withdraw"  # her number changed since it was asked for: there is nothing left to release
    request.status = STEPS[step][2]
    if step == "ask":
        request.asked_by, request.asked_at = user, now
    else:
        request.closed_by, request.closed_at = user, now
        request.phone_index = ""  # a closed request needs the number no more
    request.save()
    logger.info("number request %s: %s by staff %s", request.pk, request.status, user.pk)
    return request
