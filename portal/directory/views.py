from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from portal.core.page_cache import cache_anonymous_page

from .forms import ServiceSearchForm
from .hours import is_open
from .models import Location, Service, TaxonomyTerm
from .search import prepare_page, search_services

PAGE_SIZE = 20


# Filters chosen from fixed lists may be part of a stored page; typed text never is.
CHOSEN_FILTERS = ("category", "language", "serves", "open_now", "free", "page")
TYPED_FILTERS = ("q", "zip")


@cache_anonymous_page("directory", shareable=CHOSEN_FILTERS, blank=TYPED_FILTERS)
def search(request):
    """Directory search: works with JavaScript off, one GET form, paginated results."""
    terms = list(TaxonomyTerm.objects.filter(code__gt="").exclude(kind=TaxonomyTerm.OTHER))
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
        page = Paginator(services, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = prepare_page(page.object_list, place=data["zip"], now=now)
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
        "open_now": is_open(service, schedules),
        "schedules": [s for s in schedules if s.valid_to is None or s.valid_to >= today],
        "locations": [link.location for link in service.service_at_locations.all()],
    }
    return render(request, "directory/detail.html", context)
