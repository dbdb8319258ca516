from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.core.page_cache import cache_anonymous_page, remember

from .by_text import discreet_name
from .forms import ServiceSearchForm, TextMeForm
from .hours import is_open
from .models import Location, Service, TaxonomyTerm
from .search import prepare_page, search_services

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
    def read(cls, services, number):
        start = (number - 1) * PAGE_SIZE
        rows = list(services[start : start + PAGE_SIZE + 1])
        return cls(number, rows[:PAGE_SIZE], len(rows) > PAGE_SIZE)

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
        now = timezone.now()
        services = search_services(
            q=data["q"],
            category=data["category"] or None,
            language=data["language"] or None,
            place=data["zip"],
            open_now=data["open_now"],
            free=data["free"],
            serves=data["serves"] or None,
            now=now,
        )
        # The page shows none of the search text: not read for 20 rows, nor the vector.
        services = services.defer("search_name", "search_text", "search_vector")
        page = ResultsPage.read(services, _page_number(request.GET.get("page")))
        if not page.object_list and page.has_previous:  # past the end: the first page instead
            page = ResultsPage.read(services, 1)
        page.object_list = prepare_page(page.object_list, place=data["zip"], now=now)
        query = request.GET.copy()
        query.pop("page", None)
        context.update({"page": page, "query_string": query.urlencode()})
    elif not form.is_bound:
        context["categories"] = [term for term in terms if term.kind == TaxonomyTerm.CATEGORY]
    return render(request, "directory/search.html", context)


def _public_service(service_id):
    return Service.objects.public().select_related("organization").filter(pk=service_id).first()


@require_http_methods(["GET", "POST"])
def text_me(request, service_id):
    """Send a service's name and phone to the survivor's own phone, through the outbox.

    On its own page so that only this page sets a CSRF cookie; limited per address and per
    number like the help form, so nobody can use it to text strangers in bulk. The number's
    safe hours apply: anyone can type any number, so this text waits for a safe time.
    """
    from portal.messaging import send_sms, texts
    from portal.messaging.rate_limits import count_text_sent, ip_allowed, phone_allowed

    service = _public_service(service_id)
    if service is None:
        raise Http404
    phone = service.phones.exclude(type="text").order_by("id").first() or service.phones.order_by("id").first()
    form = TextMeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not ip_allowed(request):
            form.is_valid()
            form.add_error(None, _("Too many requests from here. Please wait an hour and try again."))
            status = 429
        elif form.is_valid() and phone is not None:
            if phone_allowed(form.cleaned_data["phone"]):
                with transaction.atomic():
                    send_sms(
                        form.cleaned_data["phone"],
                        texts.DIRECTORY_DETAILS,
                        {"name": discreet_name(service.name), "phone": phone.number},
                        language=get_language(),
                    )
                count_text_sent(request)
            # The same answer whatever happened: the page never says what a number is.
            return redirect(f"{request.path}?sent=1")
        else:
            status = 400
    context = {"service": service, "form": form, "sent": request.GET.get("sent") == "1"}
    return render(request, "directory/text_me.html", context, status=status)


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
        "open_now": is_open(service, schedules),
        "schedules": [s for s in schedules if s.valid_to is None or s.valid_to >= today],
        "locations": [link.location for link in service.service_at_locations.all()],
    }
    return render(request, "directory/detail.html", context)
