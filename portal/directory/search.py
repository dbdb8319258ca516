"""The one directory search, shared by the web page, the API and search by SMS.

Words are found with PostgreSQL's full-text search: `search_vector`, kept by the database from
the service's names (weight A) and the rest of its search text (weight B), under a GIN index
that serves any word however common; results are ranked names first. Other databases (a
development machine on SQLite) compare the search text instead, without ranking.

Distance is worked out in the query, from the ZIP code's centre to the nearest location
of the service that is not confidential, so it is right the moment any record changes
and no copy of a confidential position exists to leak. A service whose locations are
all confidential has no distance: it is ordered as if it had no position.
"""

from datetime import datetime
from functools import reduce
from math import cos, radians, sqrt
from operator import or_

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)

from .hours import is_open, open_now_filter
from .models import Language, Location, Phone, Schedule, Service, ServiceArea
from .places import MILES_PER_DEGREE, ZipPlace, state_key
from .synonyms import group_word, is_group, search_groups
from .text import full_text_words


def search_services(
    q: str = "",
    category: str | None = None,
    language: str | None = None,
    place: ZipPlace | None = None,
    open_now: bool = False,
    free: bool = False,
    serves: str | None = None,
    now: datetime | None = None,
) -> QuerySet[Service]:
    services = matching_words(Service.objects.public(), q)
    if category:
        services = services.filter(_has_term(Service.categories, category))
    if language:
        services = services.filter(Exists(Language.objects.filter(service=OuterRef("pk"), code=language)))
    if free:
        services = services.filter(_has_term(Service.attributes, "free"))
    if serves:
        services = services.filter(_has_term(Service.attributes, serves))
    if open_now:
        services = services.filter(open_now_filter(now))
    if place is not None:
        return near(services, place)
    return services.order_by(*_by_words(services), "name")


def matching_words(services: QuerySet[Service], q: str) -> QuerySet[Service]:
    """Services holding every word of `q`, or a word that means the same (see synonyms); on
    PostgreSQL annotated with `word_rank`, higher where the words are in the service's name."""
    groups = search_groups(q)
    if connections[services.db].vendor != "postgresql":
        for group in groups:
            services = services.filter(reduce(or_, (Q(search_text__contains=word) for word in group)))
        return services
    text = full_text_query(groups)
    if not text:
        return services
    query = SearchQuery(text, search_type="raw", config="simple")
    return services.filter(search_vector=query).annotate(word_rank=SearchRank(F("search_vector"), query))


def full_text_query(groups: list[list[str]]) -> str:
    """PostgreSQL tsquery text: every group; a synonym group as the one word the index holds for
    it (see synonyms.group_word), any other as its phrase's words in a row, each word also as the
    start of a longer one ("lawyer" finds "lawyers")."""
    wanted = []
    for group in groups:
        if is_group(group):
            wanted.append(_prefix(group_word(group)).removesuffix(":*"))
            continue
        phrases = [" <-> ".join(map(_prefix, full_text_words(phrase))) for phrase in group]
        phrases = [f"({phrase})" for phrase in phrases if phrase]
        if phrases:
            wanted.append(f"({' | '.join(phrases)})")
    return " & ".join(wanted)


def _prefix(word):
    quoted = word.replace("\\", "\\\\").replace("'", "''")
    return f"'{quoted}':*"


def _by_words(services):
    return [F("word_rank").desc()] if "word_rank" in services.query.annotations else []


def near(services: QuerySet[Service], place: ZipPlace) -> QuerySet[Service]:
    """Services for people in the ZIP code's area, nearest first.

    Those whose declared area covers the ZIP's county or state, and those that declare no
    area but have a public location within DIRECTORY_NEARBY_MILES. Services without a public
    position come after those with one: those serving the county before those serving the
    whole state, then by name.
    """
    # Each area test is one set looked up per service (a hashed IN), not a query per service.
    serves_county = Q(pk__in=ServiceArea.objects.filter(area_key=place.county_key).values("service_id"))
    serves_state = Q(pk__in=ServiceArea.objects.filter(area_key=state_key(place.state)).values("service_id"))
    declares_an_area = Q(pk__in=ServiceArea.objects.values("service_id"))
    radius = settings.DIRECTORY_NEARBY_MILES / MILES_PER_DEGREE
    return (
        services.annotate(
            distance_squared=_nearest_public_location(place),
            serves_county=ExpressionWrapper(serves_county, output_field=BooleanField()),
        )
        .filter(serves_county | serves_state | (~declares_an_area & Q(distance_squared__lte=radius * radius)))
        .order_by(F("distance_squared").asc(nulls_last=True), F("serves_county").desc(), *_by_words(services), "name")
    )


def _nearest_public_location(place):
    """The squared distance in degrees (longitude scaled at the ZIP's latitude) from the ZIP's
    centre to the service's nearest location that is not confidential; NULL if there is none."""
    scale = cos(radians(place.latitude))
    squared = ExpressionWrapper(
        (F("latitude") - place.latitude) * (F("latitude") - place.latitude)
        + (F("longitude") - place.longitude) * (F("longitude") - place.longitude) * (scale * scale),
        output_field=FloatField(),
    )
    public = Location.objects.public().filter(
        service_at_locations__service=OuterRef("pk"),
        latitude__isnull=False,
        longitude__isnull=False,
    )
    return Subquery(public.annotate(squared=squared).order_by("squared").values("squared")[:1])


def _has_term(terms, code):
    """The service has this category or attribute: a semi-join, not a join, so the planner may start
    from the words' index and look each term up instead of walking every service of a large category."""
    links = terms.through.objects.filter(service_id=OuterRef("pk"), taxonomyterm__code=code)
    return Exists(links)


def whole_miles(distance_squared: float | None) -> int | None:
    """Miles as a person needs them: 0 means under a mile; None when there is no public position."""
    if distance_squared is None:
        return None
    miles = sqrt(distance_squared) * MILES_PER_DEGREE
    return 0 if miles < 1 else round(miles)


def prepare_page(
    services: QuerySet[Service] | list[Service], place: ZipPlace | None = None, now: datetime | None = None
) -> list[Service]:
    """Fetch what a page of results shows (a query set or the rows already read), with two
    queries more whatever the number of rows, and mark each service open or closed and its
    distance in whole miles (never for a confidential place)."""
    services = list(services)
    prefetch_related_objects(
        services,
        Prefetch("schedules", queryset=Schedule.objects.all(), to_attr="all_schedules"),
        Prefetch("phones", queryset=Phone.objects.order_by("id"), to_attr="all_phones"),
    )
    for service in services:
        service.open_now = is_open(service, service.all_schedules, now)
        # A number to call first (a "text" line is not what a tel: link or a caller needs).
        voice = [phone for phone in service.all_phones if phone.type != "text"]
        service.first_phone = (voice or service.all_phones or [None])[0]
        service.distance_miles = whole_miles(getattr(service, "distance_squared", None)) if place else None
        service.serves_your_area = place is not None and service.distance_miles is None
    return services
