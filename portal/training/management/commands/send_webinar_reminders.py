from django.core.management.base import BaseCommand

from portal.training.webinars import send_reminders


class Command(BaseCommand):
    help = (
        "Email each webinar guest a reminder a day before, in their language and time zone. Schedule it every "
        "15 minutes; nobody is reminded twice."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Reminders sent: {send_reminders()}")
