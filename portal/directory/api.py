"""The read-only HSDS 3.0 API: /api/hsds/, /api/hsds/services, /api/hsds/services/<id>."""

import json
import logging
import math
import uuid
from datetime import UTC
from functools import wraps

from django.db import DataError
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET

from .hsds import HSDS_VERSION, confidential_term, service_document, with_parts
from .models import Service
from .search import search_services

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 1_000_000  # far past the last page of any directory, and an offset PostgreSQL can hold
MAX_PARAMETER_LENGTH = 500
logger = logging.getLogger(__name__)


def json_response(data, status=200):
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False), status=status, content_type="application/json; charset=utf-8"
    )
    # Public, read-only directory data: any site may read it.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def bad_request(parameter, problem):
    return json_response({"error": f"{parameter}: {problem}"}, status=400)


def odd_input_is_a_400(view):
    """Whatever the query string holds, the answer is JSON: a NUL byte or an overlong value is
    refused before it reaches the database, and a value the database still cannot take is a
    400, not a 500."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        for name, values in request.GET.lists():
            for value in values:
                if "\x00" in name or "\x00" in value:
                    return bad_request(_printable(name), "must not hold a NUL character")
                if len(value) > MAX_PARAMETER_LENGTH:
                    return bad_request(_printable(name), f"must be at most {MAX_PARAMETER_LENGTH} characters")
        try:
            return view(request, *args, **kwargs)
        except (DataError, OverflowError, ValueError) as error:
            logger.warning("HSDS API refused a query: %s", type(error).__name__)
            return json_response({"error": "the query could not be answered; check its parameters"}, status=400)

    return checked


def _printable(name):
    return "".join(ch for ch in name if ch.isprintable())[:50] or "parameter"


@require_GET
def root(request):
    return json_response(
        {
            "version": HSDS_VERSION,
            "profile": "https://docs.openreferral.org/en/latest/hsds/",
            "openapi_url": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json",
        }
    )


def _positive_int(value, default, maximum):
    """A whole number from 1 to `maximum`, in plain ASCII digits; ValueError otherwise."""
    if value in (None, ""):
        return default
    value = value.strip()
    if not (value.isascii() and value.isdigit() and len(value) <= len(str(maximum))):
        raise ValueError
    number = int(value)
    if not 1 <= number <= maximum:
        raise ValueError
    return number


def _uuid(value):
    try:
        return uuid.UUID(value)
    except ValueError:
        raise ValueError("must be a UUID") from None


def _with_term(queryset, value):
    term_id = _uuid(value)
    categories = Service.categories.through.objects.filter(service_id=OuterRef("pk"), taxonomyterm_id=term_id)
    attributes = Service.attributes.through.objects.filter(service_id=OuterRef("pk"), taxonomyterm_id=term_id)
    return queryset.filter(Q(Exists(categories)) | Q(Exists(attributes)))


def _of_organization(queryset, value):
    return queryset.filter(organization_id=_uuid(value))


def _modified_after(queryset, value):
    try:
        moment = parse_datetime(value.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError:
        moment = None
    if moment is None:
        raise ValueError("must be an ISO 8601 date or date and time")
    if timezone.is_naive(moment):  # a bare date or time means UTC
        moment = timezone.make_aware(moment, UTC)
    return queryset.filter(last_modified__gt=moment)


# The list's filters, combined with AND; each raises ValueError with the problem to report.
FILTERS = {
    "taxonomy_term_id": _with_term,
    "organization_id": _of_organization,
    "modified_after": _modified_after,
}


@require_GET
@odd_input_is_a_400
def services(request):
    params = request.GET
    try:
        page = _positive_int(params.get("page"), 1, MAX_PAGE)
    except ValueError:
        return bad_request("page", f"must be a whole number from 1 to {MAX_PAGE}")
    try:
        per_page = _positive_int(params.get("per_page"), DEFAULT_PER_PAGE, 10**6)
    except ValueError:
        return bad_request("per_page", "must be a whole number from 1")
    per_page = min(per_page, MAX_PER_PAGE)
    # The one directory search: published services a survivor may be shown, never inactive or defunct ones.
    words = params.get("search", "")
    queryset = search_services(q=words).services()
    narrowed = bool(words)
    for name, narrow in FILTERS.items():
        if params.get(name):
            try:
                queryset = narrow(queryset, params[name])
            except ValueError as error:
                return bad_request(name, str(error))
            narrowed = True
    # The whole list is every service a survivor may be shown: counted from the services' index of
    # their state alone, not by matching each against its search entry (a third of this answer's time).
    total = queryset.count() if narrowed else Service.objects.public().count()
    total_pages = max(1, math.ceil(total / per_page))
    start = (page - 1) * per_page
    page_services = with_parts(queryset.order_by("id")[start : start + per_page])
    term = confidential_term()
    contents = [service_document(service, term) for service in page_services]
    return json_response(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": total == 0,
            "contents": contents,
        }
    )


@require_GET
@odd_input_is_a_400
def service_detail(request, service_id):
    services = with_parts(Service.objects.public().filter(pk=service_id))
    service = services[0] if services else None
    if service is None:
        return json_response({"error": "not found"}, status=404)
    return json_response(service_document(service, confidential_term()))
