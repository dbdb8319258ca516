from django.core.management.base import BaseCommand

from portal.plans.retention import purge_due


class Command(BaseCommand):
    help = "Delete the personal data of closed cases past their retention date, keeping only counts."

    def handle(self, *args, **options):
        count = purge_due()
        self.stdout.write(f"Closed cases deleted: {count}")
