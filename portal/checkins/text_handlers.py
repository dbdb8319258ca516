"""Check-in answers by text (portal.checkins.replies), found by portal.messaging.routing."""

from portal.accounts.models import SurvivorProfile

from .replies import answer_check_in

# After the directory's ZIP codes, before the help-request fallback.
PRIORITY = 40


class CheckInAnswer:
    priority = PRIORITY

    def matches(self, text):
        """Only a survivor's own number has check-ins to answer."""
        return SurvivorProfile.objects.filter(contact=text.contact).exists()

    def handle(self, text):
        answer = answer_check_in(text.contact, text.body, text.action, text.language, text.channel)
        if answer is None:
            return None
        text.conversation = answer.conversation or text.conversation
        return answer.keyword


HANDLERS = [CheckInAnswer()]
