from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from portal.core.page_cache import cache_anonymous_page, remember

from .forms import ServiceSearchForm
from .hours import is_open
from .models import Location, Service, TaxonomyTerm
from .search import search_services

PAGE_SIZE = 20
LAST_PAGE = 50  # no one reads 1,000 results; a deeper page costs the database more


# Filters chosen from fixed lists may be part of a stored page; typed text never is.
CHOSEN_FILTERS = ("category", "language", "serves", "open_now", "free", "page")
TYPED_FILTERS = ("q", "zip")


@dataclass
class ResultsPage:
    """One page of results, read with one row more than it shows instead of counting them all:
    the total is known once the last page is reached; before, only that there are more."""

    number: int
    object_list: list
    has_next: bool

    @classmethod
    def read(cls, found, number):
        start = (number - 1) * PAGE_SIZE
        cards = found.page(start, start + PAGE_SIZE + 1)
        return cls(number, cards[:PAGE_SIZE], len(cards) > PAGE_SIZE)

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_other_pages(self):
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self):
        return self.number - 1

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def total(self):
        return None if self.has_next else (self.number - 1) * PAGE_SIZE + len(self.object_list)

    @property
    def shown_so_far(self):
        return self.number * PAGE_SIZE


def _page_number(value):
    try:
        return min(max(int(value), 1), LAST_PAGE)
    except (TypeError, ValueError):
        return 1


def _search_terms():
    return list(TaxonomyTerm.objects.filter(code__gt="").exclude(kind=TaxonomyTerm.OTHER))


@cache_anonymous_page("directory", shareable=CHOSEN_FILTERS, blank=TYPED_FILTERS)
def search(request):
    """Directory search: works with JavaScript off, one GET form, paginated results."""
    terms = remember("search-terms", _search_terms, request)
    form = ServiceSearchForm(request.GET or None, terms=terms)
    context = {"form": form, "searched": bool(request.GET)}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        found = search_services(
            q=data["q"],
            category=data["category"] or None,
            language=data["language"] or None,
            place=data["zip"],
            open_now=data["open_now"],
            free=data["free"],
            serves=data["serves"] or None,
            now=timezone.now(),
        )
        page = ResultsPage.read(found, _page_number(request.GET.get("page")))
        if not page.object_list and page.has_previous:  # past the end: the first page instead
            page = ResultsPage.read(found, 1)
        query = request.GET.copy()
        query.pop("page", None)
        context.update({"page": page, "query_string": query.urlencode()})
    elif not form.is_bound:
        context["categories"] = [term for term in terms if term.kind == TaxonomyTerm.CATEGORY]
    return render(request, "directory/search.html", context)


@cache_anonymous_page("directory")
def detail(request, service_id):
    service = (
        Service.objects.public()
        .select_related("organization")
        .prefetch_related(
            "phones",
            "schedules",
            "languages",
            "required_documents",
            "cost_options",
            "categories",
            "attributes",
            Prefetch("service_at_locations__location", queryset=Location.objects.with_confidentiality()),
            "service_at_locations__location__addresses",
            "service_at_locations__location__phones",
        )
        .filter(pk=service_id)
        .first()
    )
    if service is None:
        raise Http404
    schedules = list(service.schedules.all())
    today = timezone.localdate()
    context = {
        "service": service,
        "open_now": is_open(service.status, schedules),
        "schedules": [s for s in schedules if s.valid_to is None or s.valid_to >= today],
        "locations": [link.location for link in service.service_at_locations.all()],
    }
    return render(request, "directory/detail.html", context)
