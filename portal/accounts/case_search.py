"""Staff find a survivor, her help requests and her conversations by the name she chose or by the last
four digits of her phone, in the admin listings (`CaseSearchMixin`).

Names are encrypted, so no database can search them: the names of the staff member's own
organisations' survivors are decrypted here, in memory, and compared; never anyone else's, and never
more than NAME_SEARCH_LIMIT of them per search (the most recent cases first). Digits are found through
a keyed hash of the last four (Contact.phone_last_four_index), so the query the database sees holds
neither the name nor the digits, and neither reaches a log line. A search with more digits than four
is refused rather than run: nobody needs to type a whole number to find her.
"""

import unicodedata

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.search import SearchForm

from portal.core.phones import last_four_index
from portal.core.phrases import plain
from portal.messaging.models import Contact

from .models import SurvivorProfile, case_organization_ids

# How many names one search decrypts at most: an organisation's open caseload fits well within it.
NAME_SEARCH_LIMIT = 2000


def digits_in(query):
    """The digits typed, in any script (Arabic-Indic and full-width digits count)."""
    return "".join(str(unicodedata.digit(char)) for char in query if unicodedata.digit(char, None) is not None)


def survivor_contacts_named(user, query):
    """Contact ids of the user's own survivors whose name holds the query; and whether the limit cut the
    search short."""
    wanted = plain(query)  # case, accents and punctuation set aside, as everywhere
    survivors = SurvivorProfile.objects.filter(organization_id__in=case_organization_ids(user)).order_by(
        "-created_at", "-pk"
    )
    rows = survivors.values_list("contact_id", "name")[:NAME_SEARCH_LIMIT]
    found = [contact_id for contact_id, name in rows if wanted in plain(name)]
    return found, survivors[NAME_SEARCH_LIMIT:].exists()


class CaseSearch:
    """One search by a staff member: `contact_ids()` are the numbers it finds, or None when the query is
    refused; what went wrong is in `problem`."""

    def __init__(self, user, query):
        self.user = user
        self.query = query.strip()
        self.digits = digits_in(self.query)
        self.problem = ""
        self.cut_short = False

    def contact_ids(self):
        if len(self.digits) > 4:
            self.problem = _("Type only the last four digits of the phone number.")
            return None
        if self.digits and len(self.digits) == len(self.query.replace(" ", "")):
            if len(self.digits) < 4:
                self.problem = _("Type all of the last four digits of the phone number.")
                return None
            return Contact.objects.filter(phone_last_four_index=last_four_index(self.digits)).values("pk")
        found, self.cut_short = survivor_contacts_named(self.user, self.query)
        return found


class CaseSearchForm(SearchForm):
    """Wagtail's search box, with a label that says what it finds; more digits than four never come back
    into the page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, placeholder=_("Name or last 4 digits of phone"), **kwargs)
        if self.is_bound and len(digits_in(self.data.get("q", ""))) > 4:
            self.data = self.data.copy()
            self.data["q"] = ""


class CaseSearchMixin:
    """For the index view of a case record: a search box that finds records by her name or digits.

    `search_contact_path` leads from the record to its Contact. The listing is already limited to the
    user's own records (permissions.ScopedIndexMixin); the search only narrows it. A refused search
    says why in place of the results (the box also answers without reloading the page).
    """

    search_contact_path = "contact"
    is_searchable = True

    def get_search_form(self):
        if self.search_kwarg in self.request.GET:
            return CaseSearchForm(self.request.GET)
        return CaseSearchForm()

    @cached_property
    def search_query(self):
        # Read before the form blanks out a whole number, so that it is refused, not ignored.
        return self.request.GET.get(self.search_kwarg, "").strip()[:255]

    @cached_property
    def case_search(self):
        return CaseSearch(self.request.user, self.search_query)

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        contact_ids = self.case_search.contact_ids()
        if contact_ids is None:
            return queryset.none()
        return queryset.filter(**{f"{self.search_contact_path}__in": contact_ids})

    @cached_property
    def no_results_message(self):
        if self.is_searching and self.case_search.problem:
            return self.case_search.problem
        message = super().no_results_message
        if self.is_searching and self.case_search.cut_short:
            limit_note = _("Only the %(count)s most recent survivors were searched by name.")
            return f"{message} {limit_note % {'count': NAME_SEARCH_LIMIT}}"
        return message
