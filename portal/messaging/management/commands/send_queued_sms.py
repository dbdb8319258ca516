from django.core.management.base import BaseCommand

from portal.messaging.outbox import drain_outbox


class Command(BaseCommand):
    help = (
        "Send every outbox text that is due (retries, texts that waited for safe hours). "
        "Safe to run often and from several machines at once: each text is claimed before it is sent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None)

    def handle(self, *args, limit=None, **options):
        outcomes = drain_outbox(limit=limit)
        summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items())) or "nothing due"
        self.stdout.write(summary)
