"""The link from any list of case records to the case view of the survivor each row belongs to.

The case view lives in the casework app, above every app whose lists link to it; casework registers
how to reach it (`register_case_url`) when it is ready, so the lists never import it.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import TitleColumn

_case_urls = []


def register_case_url(case_url):
    """`case_url(survivor_id)` -> the admin URL of her case view."""
    if case_url not in _case_urls:
        _case_urls.append(case_url)


def case_url(survivor_id):
    if survivor_id is None or not _case_urls:
        return None
    return _case_urls[0](survivor_id)


def case_column(survivor_id_path="survivor_id"):
    """A "Case" column: a link to the case of the row's survivor (none for a number nobody holds)."""

    def survivor_id(row):
        value = row
        for part in survivor_id_path.split("__"):
            value = getattr(value, part, None)
        return value

    return TitleColumn(
        "case",
        label=_("Case"),
        accessor=lambda row: _("Open case") if survivor_id(row) else "",
        get_url=lambda row: case_url(survivor_id(row)),
    )
