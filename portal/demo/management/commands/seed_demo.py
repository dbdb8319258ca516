from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from content.seeding import seed_pages, seed_snippets
from portal.demo.advocate import seed_demo_advocate
from portal.demo.check_ins import seed_demo_checkins
from portal.demo.survivor import seed_demo_survivor
from portal.directory.seeding import seed_directory
from portal.funding.seeding import seed_funding
from portal.training.seeding import seed_webinars


class Command(BaseCommand):
    help = "Build the demo site in every language. Safe to run again: a second run changes nothing."

    def handle(self, *args, **options):
        if not settings.DEMO_SEEDING_ALLOWED:
            raise CommandError("seed_demo creates accounts with known passwords; it is disabled in production.")
        created = seed_pages()
        seed_snippets()
        services = seed_directory()
        opportunities = seed_funding()
        seed_webinars()
        username, password, backup_code = seed_demo_advocate()
        survivor_phone = seed_demo_survivor(username)
        seed_demo_checkins(survivor_phone)
        self.stdout.write(f"Pages created: {created}")
        self.stdout.write(f"Directory services created: {services}")
        self.stdout.write(f"Funding opportunities created: {opportunities}")
        self.stdout.write("Demo advocate (admin at /admin/):")
        self.stdout.write(f"  username:    {username}")
        self.stdout.write(f"  password:    {password}")
        self.stdout.write(f"  backup code: {backup_code}  (single use; then set up an authenticator app)")
        self.stdout.write("Demo survivor (sign in at /es/my/sign-in/):")
        self.stdout.write(f"  phone:       {survivor_phone}")
        self.stdout.write("  code:        texted on sign-in; the console SMS backend prints it in `make run`")
        self.stdout.write("  PIN:         chosen at first sign-in (an advocate can reset it in the admin)")
