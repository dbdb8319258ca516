"""The one directory search, shared by the web page, the API and search by SMS."""

from math import cos, radians, sqrt

from django.db.models import Exists, ExpressionWrapper, F, FloatField, OuterRef, Prefetch

from .hours import is_open, open_now_filter
from .models import Language, Phone, Schedule, Service, ServiceArea
from .places import MILES_PER_DEGREE, state_key
from .text import query_terms


def search_services(q="", category=None, language=None, place=None, open_now=False, free=False, serves=None, now=None):
    services = Service.objects.public()
    for term in query_terms(q):
        services = services.filter(search_text__contains=term)
    if category:
        services = services.filter(categories__code=category)
    if language:
        services = services.filter(Exists(Language.objects.filter(service=OuterRef("pk"), code=language)))
    if free:
        services = services.filter(_has_attribute("free"))
    if serves:
        services = services.filter(_has_attribute(serves))
    if open_now:
        services = services.filter(open_now_filter(now))
    if place is not None:
        areas = ServiceArea.objects.filter(
            service=OuterRef("pk"), area_key__in=[place.county_key, state_key(place.state)]
        )
        scale = cos(radians(place.latitude))
        distance = ExpressionWrapper(
            (F("latitude") - place.latitude) * (F("latitude") - place.latitude)
            + (F("longitude") - place.longitude) * (F("longitude") - place.longitude) * (scale * scale),
            output_field=FloatField(),
        )
        return (
            services.filter(Exists(areas))
            .annotate(distance_squared=distance)
            .order_by(F("distance_squared").asc(nulls_last=True), "name")
        )
    return services.order_by("name")


def _has_attribute(code):
    links = Service.attributes.through.objects.filter(service_id=OuterRef("pk"), taxonomyterm__code=code)
    return Exists(links)


def prepare_page(services, place=None, now=None):
    """Fetch what a page of results shows, in a fixed number of queries, and mark each
    service open or closed and its distance in miles (never for a confidential place)."""
    services = list(
        services.select_related("organization").prefetch_related(
            Prefetch("schedules", queryset=Schedule.objects.all(), to_attr="all_schedules"),
            Prefetch("phones", queryset=Phone.objects.order_by("id"), to_attr="all_phones"),
            "categories",
        )
    )
    for service in services:
        service.open_now = is_open(service, service.all_schedules, now)
        # A number to call first (a "text" line is not what a tel: link or a caller needs).
        voice = [phone for phone in service.all_phones if phone.type != "text"]
        service.first_phone = (voice or service.all_phones or [None])[0]
        squared = getattr(service, "distance_squared", None)
        service.distance_miles = sqrt(squared) * MILES_PER_DEGREE if place and squared is not None else None
    return services
