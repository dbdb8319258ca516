"""`manage.py every_minute`: the one-minute jobs in one process, for `make run` and small servers.

Production runs the same two commands from a systemd timer (deploy/systemd/portal-every-minute.*);
this loop is for a development machine, where nothing else would send texts that waited for safe
hours or check-ins that fell due.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

JOBS = ("send_queued_sms", "dispatch_checkins")


class Command(BaseCommand):
    help = "Run send_queued_sms and dispatch_checkins every minute (or once, with --once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one round, then stop")

    def handle(self, once=False, **options):
        while True:
            started = time.monotonic()
            for job in JOBS:
                call_command(job, stdout=self.stdout, stderr=self.stderr)
            if once:
                return
            time.sleep(max(0.0, 60 - (time.monotonic() - started)))
