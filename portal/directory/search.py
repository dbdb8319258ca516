"""The one directory search, shared by the web page, the API and search by SMS.

Search reads SearchEntry rows, one narrow row per service kept by the database on PostgreSQL, and
reads from the services table only the services of the page shown (`Found.page`). Words are found
with PostgreSQL's full-text search under a GIN index that serves any word however common; services
whose names hold the words come first, then by name in the survivor's language. Other databases
(a development machine on SQLite) search the services themselves, comparing the search text,
without ranking.

Categories, attributes, languages and areas (or having none) are tags of the entry on PostgreSQL
(`_tagged`), and semi-joins on the service's own records elsewhere; "open now" and distance are semi-joins on the
service's id, which is also the entry's. Distance is worked out in the query, from the ZIP code's
centre to the nearest location of the service that is not confidential, so it is right the moment
any record changes and no copy of a confidential position exists to leak. A service whose locations
are all confidential has no distance: it is ordered as if it had no position.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from math import cos, radians, sqrt
from operator import or_

from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce
from modeltranslation.utils import get_language

from .hours import is_open, open_now_filter
from .models import Language, Location, Phone, Schedule, SearchEntry, Service, ServiceArea
from .places import MILES_PER_DEGREE, ZipPlace, state_key
from .search_entries import NO_AREA
from .synonyms import group_word, is_group, search_groups
from .text import full_text_words


@dataclass(frozen=True)
class Found:
    """What a search found, in order: entries (services on other databases) to page through.

    Only `page` reads services, and only those of the page, so a word found in 20,000 services
    costs one narrow sort, not 20,000 wide rows."""

    entries: QuerySet

    def page(self, start: int, stop: int | None = None, only: Sequence[str] = ()) -> list[Service]:
        """The services from `start` to `stop` in order, with `only` their fields listed (all if none),
        each with its distance annotation when the search was near a place."""
        distance = ["distance_squared"] if "distance_squared" in self.entries.query.annotations else []
        rows = list(self.entries.values_list("pk", *distance)[start:stop])
        services = Service.objects.public().order_by()  # the page keeps the entries' order
        if only:
            services = services.only(*only)
        by_id = services.in_bulk([row[0] for row in rows])
        page = []
        for pk, *distance_squared in rows:
            service = by_id.get(pk)
            if service is None:  # withdrawn or deleted between the two reads
                continue
            if distance_squared:
                service.distance_squared = distance_squared[0]
            page.append(service)
        return page

    def services(self) -> QuerySet[Service]:
        """Every service found, as services in no order, for lists that filter and sort their own way."""
        return Service.objects.filter(pk__in=self.entries.values("pk"))


def search_services(
    q: str = "",
    category: str | None = None,
    language: str | None = None,
    place: ZipPlace | None = None,
    open_now: bool = False,
    free: bool = False,
    serves: str | None = None,
    now: datetime | None = None,
) -> Found:
    entries = matching_words(q)
    if category:
        entries = entries.filter(_tagged("category", category))
    if language:
        entries = entries.filter(_tagged("language", language))
    if free:
        entries = entries.filter(_tagged("attribute", "free"))
    if serves:
        entries = entries.filter(_tagged("attribute", serves))
    if open_now:
        entries = entries.filter(open_now_filter(now))
    if place is not None:
        return Found(near(entries, place))
    return Found(entries.order_by(*_by_words(entries), *_by_name()))


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def matching_words(q: str) -> QuerySet:
    """Entries a survivor may be shown holding every word of `q`, or a word that means the same (see
    synonyms); on PostgreSQL annotated with `in_names`, true where the words are in the service's name."""
    groups = search_groups(q)
    if not on_postgresql():
        services = Service.objects.public()
        for group in groups:
            services = services.filter(reduce(or_, (Q(search_text__contains=word) for word in group)))
        return services
    entries = SearchEntry.objects.filter(live=True, status__in=Service.SHOWN_STATUSES)
    text = full_text_query(groups)
    if not text:
        return entries
    in_names = Q(words=SearchQuery(full_text_query(groups, weights="A"), search_type="raw", config="simple"))
    return entries.filter(words=SearchQuery(text, search_type="raw", config="simple")).annotate(
        in_names=ExpressionWrapper(in_names, output_field=BooleanField())
    )


def full_text_query(groups: list[list[str]], weights: str = "") -> str:
    """PostgreSQL tsquery text: every group; a synonym group as the one word the index holds for
    it (see synonyms.group_word), any other as its phrase's words in a row, each word also as the
    start of a longer one ("lawyer" finds "lawyers"). With `weights` ("A"), only words of that
    weight count: those of the service's names."""
    wanted = []
    for group in groups:
        if is_group(group):
            wanted.append(_word(group_word(group), prefix=False, weights=weights))
            continue
        phrases = [" <-> ".join(_word(word, weights=weights) for word in full_text_words(phrase)) for phrase in group]
        phrases = [f"({phrase})" for phrase in phrases if phrase]
        if phrases:
            wanted.append(f"({' | '.join(phrases)})")
    return " & ".join(wanted)


def _word(word, prefix=True, weights=""):
    quoted = word.replace("\\", "\\\\").replace("'", "''")
    marks = ("*" if prefix else "") + weights
    return f"'{quoted}':{marks}" if marks else f"'{quoted}'"


def _by_words(entries):
    return [F("in_names").desc()] if "in_names" in entries.query.annotations else []


def _by_name():
    """By the name she reads: in her language, else the fallback language's; on other databases the
    name column of her language. The id last, so pages never share or skip a service."""
    if not on_postgresql():
        return ["name", "pk"]
    languages = dict.fromkeys([get_language(), *settings.MODELTRANSLATION_FALLBACK_LANGUAGES])
    names = [KeyTextTransform(code, "names") for code in languages]
    return [Coalesce(*names) if len(names) > 1 else names[0], "pk"]


def near(entries: QuerySet, place: ZipPlace) -> QuerySet:
    """Services for people in the ZIP code's area, nearest first.

    Those whose declared area covers the ZIP's county or state, and those that declare no
    area but have a public location within DIRECTORY_NEARBY_MILES. Services without a public
    position come after those with one: those serving the county before those serving the
    whole state, then by name.
    """
    radius = settings.DIRECTORY_NEARBY_MILES / MILES_PER_DEGREE
    return (
        entries.filter(_serves_one_of_or_no_area(place.county_key, state_key(place.state)))
        .annotate(
            distance_squared=_nearest_public_location(place),
            serves_county=ExpressionWrapper(_tagged("area", place.county_key), output_field=BooleanField()),
        )
        .filter(_declares_an_area() | Q(distance_squared__lte=radius * radius))
        .order_by(
            F("distance_squared").asc(nulls_last=True), F("serves_county").desc(), *_by_words(entries), *_by_name()
        )
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


def _tagged(kind, value):
    """The service has this category, attribute, language or area (an area key): on PostgreSQL a tag of
    its entry (SearchEntry.tags, under a GIN index); elsewhere asked of the service's own records."""
    if on_postgresql():
        return Q(tags__contains=[f"{kind}:{value}"])
    records = {
        "category": Service.categories.through.objects.filter(taxonomyterm__code=value),
        "attribute": Service.attributes.through.objects.filter(taxonomyterm__code=value),
        "language": Language.objects.filter(code=value),
        "area": ServiceArea.objects.filter(area_key=value),
    }[kind]
    return Exists(records.filter(service_id=OuterRef("pk")))


def _serves_one_of_or_no_area(*area_keys):
    """The service serves one of these areas, or declares none (then its distance decides): on PostgreSQL
    one question of the tags, which their index answers together with the other filters."""
    if on_postgresql():
        return Q(tags__overlap=[*(f"area:{key}" for key in area_keys), NO_AREA])
    return reduce(or_, (_tagged("area", key) for key in area_keys)) | ~_declares_an_area()


def _declares_an_area():
    if on_postgresql():
        return ~Q(tags__contains=[NO_AREA])
    return Exists(ServiceArea.objects.filter(service_id=OuterRef("pk")))


def whole_miles(distance_squared: float | None) -> int | None:
    """Miles as a person needs them: 0 means under a mile; None when there is no public position."""
    if distance_squared is None:
        return None
    miles = sqrt(distance_squared) * MILES_PER_DEGREE
    return 0 if miles < 1 else round(miles)


# What a result card and the "open now" rule read of a service's schedules and phones.
CARD_SCHEDULE_FIELDS = ("service_id", "freq", "byday", "opens_at", "closes_at", "valid_from", "valid_to", "timezone")
CARD_PHONE_FIELDS = ("service_id", "number", "type")


def prepare_page(
    services: QuerySet[Service] | list[Service], place: ZipPlace | None = None, now: datetime | None = None
) -> list[Service]:
    """Fetch what a page of results shows (a query set or the rows already read), with two
    queries more whatever the number of rows, and mark each service open or closed and its
    distance in whole miles (never for a confidential place).

    Schedules and phones are read by service id with only the fields a card uses: they are most of
    the rows a page reads, and each carries its notes and description in every language."""
    services = list(services)
    ids = [service.pk for service in services]
    schedules = _by_service(ids, Schedule.objects.only(*CARD_SCHEDULE_FIELDS))
    phones = _by_service(ids, Phone.objects.only(*CARD_PHONE_FIELDS).order_by("id"))
    for service in services:
        service.open_now = is_open(service, schedules[service.pk], now)
        # A number to call first (a "text" line is not what a tel: link or a caller needs).
        voice = [phone for phone in phones[service.pk] if phone.type != "text"]
        service.first_phone = (voice or phones[service.pk] or [None])[0]
        service.distance_miles = whole_miles(getattr(service, "distance_squared", None)) if place else None
        service.serves_your_area = place is not None and service.distance_miles is None
    return services


def _by_service(ids, records):
    """{service id: its records, in the query's order} for each of `ids`, in one query."""
    grouped: dict = {pk: [] for pk in ids}
    for record in records.filter(service_id__in=ids):
        grouped[record.service_id].append(record)
    return grouped
