from django.core.management.base import BaseCommand

from portal.funding.digest import send_digests


class Command(BaseCommand):
    help = (
        "Email staff who opted in the funding deadlines of the next 30 days. Schedule it weekly (cron or a "
        "systemd timer); running it again within the week sends nothing twice."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Digests sent: {send_digests()}")
