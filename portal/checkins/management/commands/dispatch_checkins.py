"""`manage.py dispatch_checkins`: send every check-in due now (docs/contract.md).

Safe to run repeatedly and concurrently; each check-in is sent at most once. Run it every
minute, by the task worker (portal.checkins.tasks) or by cron:

    * * * * * cd /srv/portal && .venv/bin/python manage.py dispatch_checkins
"""

from django.core.management.base import BaseCommand

from portal.checkins.dispatch import dispatch_checkins


class Command(BaseCommand):
    help = "Send every check-in that is due now. Safe to run repeatedly and from several workers at once."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, **options):
        outcomes = dispatch_checkins(batch_size=batch_size)
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(outcomes.items()))
        self.stdout.write(f"Check-ins: {summary or 'nothing due'}")
