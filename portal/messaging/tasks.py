"""Background work, through the django-tasks API (immediate in tests, database backend by default)."""

from django_tasks import task

from . import outbox


@task()
def deliver_outbound_message(message_id: int) -> str:
    return outbox.deliver(message_id)


@task()
def deliver_outbound_messages(message_ids: list[int]) -> list[str]:
    """Many texts queued together (messaging.api.send_sms_many): one task row per batch, not per text."""
    return [outbox.deliver(message_id) for message_id in message_ids]
