"""The periodic check-in dispatch as a django-tasks task.

django-tasks has no scheduler of its own: enqueue this every minute (an RQ scheduler, a
worker's cron, or simply the cron line in the dispatch_checkins command's docstring).
Enqueueing it twice at once is harmless: the dispatcher is safe to run concurrently.
"""

from django_tasks import task

from .dispatch import dispatch_checkins


@task()
def dispatch_due_checkins() -> dict[str, int]:
    return dispatch_checkins()
