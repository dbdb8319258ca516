"""Background work, through the django-tasks API (immediate in tests, database backend by default)."""

from django_tasks import task

from . import outbox


@task()
def deliver_outbound_message(message_id):
    return outbox.deliver(message_id)
