"""The release the survivor reads before agreeing, rendered in their language and stored word for word.

Change the wording only together with TEXT_VERSION, so every stored consent says which text it was.
"""

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import override

from portal.accounts.categories import Category

from .categories import PLAIN_WORDS

TEXT_VERSION = "2026-11-v1"


def render_consent_text(organization_name, purpose, permitted, ends_at, language):
    """The full text, as shown on the confirmation page and kept with the consent."""
    with override(language):
        allowed = [str(PLAIN_WORDS[Category(value)]) for value in Category.values if value in permitted]
        refused = [str(PLAIN_WORDS[Category(value)]) for value in Category.values if value not in permitted]
        lines = [
            _("I agree that %(organization)s may see: %(allowed)s.")
            % {"organization": organization_name, "allowed": "; ".join(allowed)},
            _("They may not see: %(refused)s.") % {"refused": "; ".join(refused) or "-"},
            _("Why: %(purpose)s") % {"purpose": purpose},
            _("This ends on %(date)s. I can stop it at any time on this website or by asking my advocate.")
            % {"date": formats.date_format(ends_at, "DATE_FORMAT")},
            _("Every time they look, I can see it under 'Who viewed my information'."),
            _("Saying no does not change the help I get."),
        ]
    return "\n".join(lines)
