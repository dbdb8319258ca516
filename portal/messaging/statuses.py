"""Delivery statuses of an outgoing text, and the one rule about them: they never move backwards.

Twilio's status callbacks can arrive late, twice, or out of order ("sent" after "delivered");
every change goes through `advance_status`, a conditional UPDATE that only succeeds when the
new status ranks above the current one, so a race cannot undo progress either.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to send")
    SUBMITTED = "submitted", _("Handed to the provider")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    UNDELIVERED = "undelivered", _("Not delivered")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired before a safe time")
    CANCELLED = "cancelled", _("Cancelled (opted out or wrong number)")


RANK = {
    DeliveryStatus.PENDING: 0,
    DeliveryStatus.SUBMITTED: 1,
    DeliveryStatus.SENT: 2,
    # Every outcome is final and ranks the same: nothing replaces a final status.
    DeliveryStatus.DELIVERED: 3,
    DeliveryStatus.UNDELIVERED: 3,
    DeliveryStatus.FAILED: 3,
    DeliveryStatus.EXPIRED: 3,
    DeliveryStatus.CANCELLED: 3,
}
FINAL = {status for status, rank in RANK.items() if rank == 3}

# Twilio's MessageStatus values, in our terms.
FROM_TWILIO = {
    "accepted": DeliveryStatus.SUBMITTED,
    "scheduled": DeliveryStatus.SUBMITTED,
    "queued": DeliveryStatus.SUBMITTED,
    "sending": DeliveryStatus.SUBMITTED,
    "sent": DeliveryStatus.SENT,
    "delivered": DeliveryStatus.DELIVERED,
    "read": DeliveryStatus.DELIVERED,
    "undelivered": DeliveryStatus.UNDELIVERED,
    "failed": DeliveryStatus.FAILED,
    "canceled": DeliveryStatus.CANCELLED,
}


# Twilio's CallStatus values for a check-in call the outbox placed. No answer, busy or a failed call is
# "not delivered": the check-in itself stays unanswered and the missed check-in path takes it from there.
FROM_TWILIO_CALL = {
    "queued": DeliveryStatus.SUBMITTED,
    "initiated": DeliveryStatus.SUBMITTED,
    "ringing": DeliveryStatus.SUBMITTED,
    "in-progress": DeliveryStatus.SENT,
    "completed": DeliveryStatus.DELIVERED,
    "busy": DeliveryStatus.UNDELIVERED,
    "no-answer": DeliveryStatus.UNDELIVERED,
    "failed": DeliveryStatus.FAILED,
    "canceled": DeliveryStatus.CANCELLED,
}


def statuses_below(status):
    return [other for other, rank in RANK.items() if rank < RANK[status]]


def advance_status(queryset, status, **changes):
    """Move every row of `queryset` whose status ranks below `status` to it; return how many moved."""
    changes.setdefault("updated_at", timezone.now())
    return queryset.filter(status__in=statuses_below(status)).update(status=status, **changes)
