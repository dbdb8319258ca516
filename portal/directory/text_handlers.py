"""The directory's answer to a text holding a ZIP code ("SHELTER 77002"), found by
portal.messaging.routing. `text` is messaging's IncomingText: this module only reads its body
and language and calls its reply(), so the directory never imports messaging."""

from django.utils import translation

from portal.core.directions import is_right_to_left
from portal.core.templatetags.numbers import ltr_text

from . import by_text
from .sms_templates import DIRECTORY_NONE, DIRECTORY_RESULTS

# After messaging's words about the number itself (STOP, START...), before check-in answers.
PRIORITY = 30


class DirectoryByText:
    priority = PRIORITY

    def matches(self, text):
        return by_text.parse(text.body) is not None

    def handle(self, text):
        """Up to three services open now near the ZIP code, named in the language the words were in."""
        request = by_text.parse(text.body)
        language = request.language or text.language or text.contact.language
        with translation.override(language):
            services = by_text.services_for(request)
        if not services:
            text.reply(DIRECTORY_NONE, {"zip": request.zip_code}, language=language)
            return "directory"
        bidi = is_right_to_left(language)
        places = "; ".join(
            f"{service.name} {ltr_text(service.phone) if bidi else service.phone}" for service in services
        )
        text.reply(DIRECTORY_RESULTS, {"zip": request.zip_code, "places": places}, language=language)
        return "directory"


HANDLERS = [DirectoryByText()]
