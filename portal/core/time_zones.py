"""US time zones people pick from: Texas has two (El Paso keeps Mountain time), and funders and
webinar guests elsewhere in the country read times in their own."""

from django.utils.translation import gettext_lazy as _

US_TIME_ZONES = [
    ("America/Chicago", _("Central time")),
    ("America/Denver", _("Mountain time (El Paso)")),
    ("America/New_York", _("Eastern time")),
    ("America/Los_Angeles", _("Pacific time")),
]
