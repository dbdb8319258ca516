"""Sending the check-ins that are due: each at most once, only at a safe time, never late at night.

Dispatchers claim due rows in batches. On PostgreSQL the claim is `SELECT ... FOR UPDATE SKIP
LOCKED`, so any number of dispatchers share the work without waiting on each other. Databases
without row locks (SQLite) fall back to a conditional update per row (`status='due'` still
true?), which alone guarantees one send; SQLite also allows only one writer at a time.

Everything is re-checked at send time: the number may have opted out, the plan may be paused
or ended, the safe window may have closed while the dispatcher was down. A check-in that cannot
go out in its window moves to the next window's start instead of arriving late.
"""

from collections import Counter
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from portal.messaging import safe_hours, texts
from portal.messaging.api import channel_for, send_sms_many
from portal.messaging.models import OutboundMessage
from portal.messaging.opt_out import may_send

from . import schedule
from .alerts import raise_missed_alerts
from .models import CheckIn

BATCH_SIZE = 500
# Less than this left in the window is not worth a send: the text could arrive after it closes.
MIN_WINDOW_LEFT = timedelta(minutes=2)
MAX_MOVES = 14


def dispatch_checkins(now: datetime | None = None, batch_size: int = BATCH_SIZE) -> dict[str, int]:
    """Send (queue in the outbox) every check-in due at `now`, then raise alerts for silences."""
    now = now or timezone.now()
    outcomes: Counter[str] = Counter()
    while True:
        with transaction.atomic():
            batch = _claim_batch(now, batch_size)
            if not batch:
                break
            outcomes.update(_dispatch_batch(batch, now))
    outcomes["alerts"] = raise_missed_alerts(now)
    return dict(outcomes)


def _row_locks():
    return connection.features.has_select_for_update_skip_locked


def _claim_batch(now, batch_size):
    due = (
        CheckIn.objects.filter(status=CheckIn.Status.DUE, due_at__lte=now)
        .select_related("plan__survivor__contact")
        # Decrypting these would cost time at 100,000 check-ins; the text needs neither.
        .defer("plan__survivor__name", "plan__survivor__contact__phone")
        .order_by("due_at")
    )
    if _row_locks():
        due = due.select_for_update(skip_locked=True, of=("self",))
    return list(due[:batch_size])


def _dispatch_batch(batch, now):
    """Each claimed check-in sent, skipped or moved, and the plans' next check-ins queued.

    The texts of a batch are queued in the outbox with one INSERT (messaging's send_sms_many),
    the sent check-ins recorded with a few UPDATEs, and the next check-ins inserted with ON
    CONFLICT DO NOTHING: if a plan already has one waiting (a resume raced us), the unique
    constraint keeps one.
    """
    locked = _row_locks()
    outcomes = Counter()
    sending, window_ends, following = [], [], []
    for check_in in batch:
        outcome, window_end = _decide(check_in, now, locked=locked)
        outcomes[outcome] += 1
        if outcome == "sent":
            sending.append(check_in)
            window_ends.append(window_end)
        if outcome == "sent" or outcome in SCHEDULE_AFTER:
            due_at = schedule.next_occurrence(check_in.plan, now)
            if due_at is not None:
                following.append(CheckIn(plan=check_in.plan, due_at=due_at))
    if sending:
        _send(sending, window_ends, now)
    CheckIn.objects.bulk_create(following, ignore_conflicts=True)
    return outcomes


SCHEDULE_AFTER = {"skipped-opted-out", "skipped-paused", "skipped-no-safe-time"}


def _decide(check_in, now, *, locked):
    """(outcome, window end) for one claimed check-in: sent, skipped, moved or taken by another dispatcher.

    "sent" means it may go now; _send queues it with the rest of the batch.
    """
    plan = check_in.plan
    survivor = plan.survivor
    contact = survivor.contact
    local_today = now.astimezone(schedule.zone(plan)).date()

    if survivor.closed_at or (plan.ends_on and local_today > plan.ends_on):
        return _skip(check_in, "ended"), None
    if not may_send(contact, OutboundMessage.Purpose.CHECK_IN, channel_for(contact, OutboundMessage.Purpose.CHECK_IN)):
        return _skip(check_in, "opted-out"), None
    if plan.is_paused:
        return _skip(check_in, "paused"), None

    window_end = _safe_until(plan, contact, now)
    if window_end is None:
        opens = _next_safe_start(plan, contact, now)
        if opens is None:
            return _skip(check_in, "no-safe-time"), None
        return ("moved" if _still_due(check_in).update(due_at=opens) else "taken"), None

    # Without row locks, this conditional update is the claim: only one dispatcher's succeeds.
    if not locked and not _still_due(check_in).update(status=CheckIn.Status.SENT, sent_at=now):
        return "taken", None
    return "sent", window_end


def _send(check_ins, window_ends, now):
    """Queue the batch's texts and calls (grouped by whether the plan uses the code word) and record them.

    A survivor whose check-ins go by call gets one outbox call instead of a text: the same safe hours,
    opt-out, retries and expiry, and her answer comes back through the keypad (replies.record_answer)."""
    plans = [check_in.plan for check_in in check_ins]
    for use_code_word in (True, False):
        group = [index for index, plan in enumerate(plans) if plan.use_code_word == use_code_word]
        if not group:
            continue
        messages = send_sms_many(
            [plans[index].survivor.contact for index in group],
            texts.SCHEDULED_CHECK_IN,
            languages=[plans[index].language_code() for index in group],
            use_code_word=use_code_word,
            expires_at=[window_ends[index] for index in group],
            # By the way she chose for check-ins (messaging.api.channel_for): a text, WhatsApp or a call.
            purpose=OutboundMessage.Purpose.CHECK_IN,
        )
        for index, message in zip(group, messages, strict=True):
            check_ins[index].message = message
    _record_sent(check_ins, now)


def _record_sent(check_ins, now):
    """A few UPDATEs for the whole batch. Django's bulk_update builds its CASE through the ORM,
    which costs more than the sends themselves at 100,000 check-ins; this CASE holds ids only."""
    ids = [check_in.pk for check_in in check_ins]
    cases = " ".join("WHEN %s THEN %s" for _ in check_ins)
    pairs = [value for check_in in check_ins for value in (check_in.pk, check_in.message.pk)]
    placeholders = ", ".join("%s" for _ in ids)
    # Only placeholders and the model's own table name are formatted into the statement.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {CheckIn._meta.db_table} SET message_id = CASE id {cases} END WHERE id IN ({placeholders})",  # noqa: S608  # nosec B608
            [*pairs, *ids],
        )
    for grace in {check_in.plan.grace_minutes for check_in in check_ins}:
        CheckIn.objects.filter(pk__in=[c.pk for c in check_ins if c.plan.grace_minutes == grace]).update(
            status=CheckIn.Status.SENT, sent_at=now, reply_due_at=now + timedelta(minutes=grace)
        )


def _still_due(check_in):
    return CheckIn.objects.filter(pk=check_in.pk, status=CheckIn.Status.DUE)


def _skip(check_in, reason):
    if not _still_due(check_in).update(status=CheckIn.Status.SKIPPED, skip_reason=reason):
        return "taken"
    return f"skipped-{reason}"


def _safe_until(plan, contact, now):
    """When it stops being safe to text, if both the plan's window and the contact's safe hours are open now."""
    ends = [schedule.window_end_if_open(plan, now), safe_hours.current_window_end(contact, now)]
    if None in ends or min(ends) - now < MIN_WINDOW_LEFT:
        return None
    return min(ends)


def _next_safe_start(plan, contact, now):
    """The first moment after `now` when both windows are open with time to spare."""
    moment = now + timedelta(seconds=1)
    for _attempt in range(MAX_MOVES):
        moment = schedule.next_window_start(plan, moment)
        moment = safe_hours.next_window_start(contact, moment)
        if _safe_until(plan, contact, moment) is not None:
            return moment
        moment += timedelta(minutes=1)
    return None
