"""`manage.py sms NUMBER MESSAGE`: text the portal as NUMBER and print its answers (development only)."""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.core.phones import InvalidPhoneNumber
from portal.messaging.playground import text_the_portal


class Command(BaseCommand):
    help = "Text the portal as a phone number, through the signed webhook, and show its replies."

    def add_arguments(self, parser):
        parser.add_argument("number", help="the sender, e.g. +17135550100")
        parser.add_argument("message", nargs="+", help='what they text, e.g. "SHELTER 77002"')

    def handle(self, number, message, **options):
        body = " ".join(message)
        try:
            replies = text_the_portal(number, body)
        except (InvalidPhoneNumber, ImproperlyConfigured, RuntimeError) as error:
            # A number we cannot text, a production machine, or the webhook refusing the text.
            raise CommandError(str(error)) from error
        self.stdout.write(f"{number} -> portal: {body}")
        if not replies:
            self.stdout.write("(no reply)")
        for reply in replies:
            waiting = ""
            if reply.not_before > timezone.now():
                waiting = f" (waits for safe hours: {timezone.localtime(reply.not_before):%a %H:%M})"
            self.stdout.write(f"portal -> {number}: {reply.body}  [{reply.status}]{waiting}")
