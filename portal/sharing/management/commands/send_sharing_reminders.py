from django.core.management.base import BaseCommand

from portal.sharing.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Text survivors who asked for it that a consent ends within a week. Safe to run repeatedly."

    def handle(self, *args, **options):
        sent = send_due_reminders()
        self.stdout.write(f"{sent} reminder(s) queued.")
