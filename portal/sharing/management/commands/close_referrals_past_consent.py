from django.core.management.base import BaseCommand

from portal.sharing.referral_consent import close_where_consent_ran_out


class Command(BaseCommand):
    help = (
        "Close the referrals a partner was working on whose consent ran out (not withdrawn) and that no "
        "other live consent covers. Daily; safe to run repeatedly."
    )

    def handle(self, *args, **options):
        closed = close_where_consent_ran_out()
        self.stdout.write(f"{closed} referral(s) closed.")
