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
are all confidential has no distance: it is ordered as if it had no position. A page near a place
is read from the services within a mile when they fill it (nearby.py), so the distance is measured
for those only.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from math import sqrt
from operator import or_
from uuid import UUID

from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname, get_language, resolution_order

from portal.core.held_sql import held, with_values
from portal.core.phones import dial_string

from . import nearby
from .hours import Hours, is_open, open_now_filter
from .models import Language, Location, Phone, Schedule, SearchEntry, Service, ServiceArea
from .places import MILES_PER_DEGREE, ZipPlace, state_key
from .search_entries import NO_AREA
from .synonyms import group_word, is_group, search_groups
from .text import full_text_words


@dataclass(frozen=True, slots=True)
class ResultCard:
    """What a result card, and a reply by SMS, shows of one service, in the reader's language."""

    pk: UUID
    name: str
    description: str
    status: str
    open_now: bool
    phone: str  # the number to call first; "" when the service lists none
    distance_miles: int | None  # whole miles, 0 under a mile; None without a public position or a place
    serves_your_area: bool  # searched near a place and found for the area it serves, not its distance

    @property
    def dial(self) -> str:
        return dial_string(self.phone)

    @property
    def url(self) -> str:
        """The service's page in the current language: `reverse("directory_service", args=[pk])`,
        reversed once per language (twenty reversals took a tenth of a page's time)."""
        language = translation.get_language()
        if language not in _service_page_addresses:
            _service_page_addresses[language] = reverse("directory_service", args=[_ADDRESS_STAND_IN])
        return _service_page_addresses[language].replace(str(_ADDRESS_STAND_IN), str(self.pk))


# language -> the service page's address with a stand-in id, per process.
_service_page_addresses: dict[str, str] = {}
_ADDRESS_STAND_IN = UUID(int=0)


@dataclass(frozen=True)
class Found:
    """What a search found, in order: entries (services on other databases) to page through.

    Only `page` reads services, and only those of the page, so a word found in 20,000 services
    costs one narrow sort, not 20,000 wide rows."""

    entries: QuerySet
    now: datetime | None = None  # the moment "open now" is about (the clock's when None)
    # Near a place: the first entries, those with a public location close by (nearby.ring).
    nearest: QuerySet | None = None

    def page(self, start: int, stop: int | None = None) -> list[ResultCard]:
        """The cards of the services from `start` to `stop`, in order: two queries whatever the number."""
        near_a_place = "distance_squared" in self.entries.query.annotations
        columns = ["pk", *(["distance_squared"] if near_a_place else [])]
        if self.nearest is not None and stop is not None:
            rows = nearby.first_filled_page(self.entries, self.nearest, columns, start, stop)
        else:
            rows = list(self.entries.values_list(*columns)[start:stop])
        facts = _card_facts([row[0] for row in rows], self.now)
        page = []
        for pk, *distance_squared in rows:
            if pk not in facts:  # withdrawn or deleted between the two reads
                continue
            miles = whole_miles(distance_squared[0]) if near_a_place else None
            page.append(
                ResultCard(pk, **facts[pk], distance_miles=miles, serves_your_area=near_a_place and miles is None)
            )
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
        ordered = near(entries, place)
        return Found(ordered, now, nearby.ring(ordered, place) if on_postgresql() else None)
    return Found(entries.order_by(*_by_words(entries), *_by_name()), now)


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
    """By the name she reads, then the id, so pages never share or skip a service."""
    return [_name_to_sort_by(), "pk"]


def _name_to_sort_by():
    """The name she reads: in her language, else the fallback language's; on other databases the
    name column of her language."""
    if not on_postgresql():
        return F("name")
    languages = dict.fromkeys([get_language(), *settings.MODELTRANSLATION_FALLBACK_LANGUAGES])
    names = [KeyTextTransform(code, "names") for code in languages]
    return Coalesce(*names) if len(names) > 1 else names[0]


def near(entries: QuerySet, place: ZipPlace) -> QuerySet:
    """Services for people in the ZIP code's area, nearest first.

    Those whose declared area covers the ZIP's county or state, and those that declare no
    area but have a public location within DIRECTORY_NEARBY_MILES. Services without a public
    position come after those with one: those serving the county before those serving the
    whole state, then by name. Ordered by names only, so that nearby.first_filled_page can read
    a page of it from its nearest services.
    """
    radius = settings.DIRECTORY_NEARBY_MILES / MILES_PER_DEGREE
    return (
        entries.filter(_serves_one_of_or_no_area(place.county_key, state_key(place.state)))
        .annotate(
            distance_squared=_nearest_public_location(place),
            serves_county=ExpressionWrapper(_tagged("area", place.county_key), output_field=BooleanField()),
            sort_name=_name_to_sort_by(),
        )
        .filter(_declares_an_area() | Q(distance_squared__lte=radius * radius))
        .order_by(
            F("distance_squared").asc(nulls_last=True),
            F("serves_county").desc(),
            *_by_words(entries),
            "sort_name",
            "pk",
        )
    )


def _nearest_public_location(place):
    """The squared distance (nearby.squared_distance_from) from the ZIP's centre to the service's
    nearest location that is not confidential; NULL if there is none."""
    public = Location.objects.public().filter(
        service_at_locations__service=OuterRef("pk"),
        latitude__isnull=False,
        longitude__isnull=False,
    )
    nearest_first = public.annotate(squared=nearby.squared_distance_from(place)).order_by("squared")
    return Subquery(nearest_first.values("squared")[:1])


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


def _card_facts(ids: list[UUID], now: datetime | None) -> dict[UUID, dict]:
    """{id: what its card shows} for the public services among `ids`, in two queries of narrow rows.

    "Open now" is hours.is_open over the schedules' hours (the search filter's rule, in Python); the
    number to call is the first that is not a texting line, else the first. Names and descriptions
    are read only in the reader's language and its fallbacks, the way modeltranslation falls back:
    the first one filled in."""
    languages = resolution_order(get_language())
    names = [build_localized_fieldname("name", code) for code in languages]
    descriptions = [build_localized_fieldname("description", code) for code in languages]

    def services(ids):
        number_to_call = Phone.objects.filter(service=OuterRef("pk")).order_by(
            Case(When(type="text", then=Value(1)), default=Value(0)), "id"
        )
        return (
            Service.objects.public()
            .filter(pk__in=ids)
            .order_by()
            .annotate(card_phone=Subquery(number_to_call.values("number")[:1]))
        )

    def schedules(ids):
        return Schedule.objects.filter(service_id__in=ids).order_by()

    hours = defaultdict(list)
    for service_id, *fields in _held_rows("card hours", schedules, ["service_id", *Hours._fields], ids):
        hours[service_id].append(Hours(*fields))
    facts = {}
    columns = ["pk", "status", "card_phone", *names, *descriptions]
    for pk, status, phone, *texts in _held_rows("cards", services, columns, ids):
        facts[pk] = {
            "name": _first_filled(texts[: len(names)]),
            "description": _first_filled(texts[len(names) :]),
            "status": status,
            "open_now": is_open(status, hours[pk], now),
            "phone": phone or "",
        }
    return facts


def _held_rows(
    name: str, query_for: Callable[[list[UUID]], QuerySet], columns: list[str], ids: list[UUID]
) -> list[tuple]:
    """`query_for(ids).values_list(*columns)` (plain columns), its SQL compiled once per process for
    each language and number of ids (portal.core.held_sql; on PostgreSQL, other databases run the query).

    The card queries' SQL changes only with the language (the columns read) and the number of ids, so
    it is compiled with stand-in ids that no service has (uuid4 never makes them)."""
    if not ids:
        return []
    if not on_postgresql():
        return list(query_for(ids).values_list(*columns))
    stand_ins = [UUID(int=number + 1) for number in range(len(ids))]

    def compile_once():
        compiler = query_for(stand_ins).values_list(*columns).query.get_compiler(connection.alias)
        sql, params = compiler.as_sql()
        # The SQL may select the columns in another order (annotations, translated fields): by alias.
        selected = [alias for _expression, _sql, alias in compiler.select]
        return sql, params, [selected.index(column) for column in columns]

    sql, params, order = held((name, get_language(), len(ids)), compile_once)
    with connection.cursor() as cursor:
        cursor.execute(sql, with_values(params, stand_ins, ids))
        return [tuple(row[index] for index in order) for row in cursor.fetchall()]


def _first_filled(values):
    return next((value for value in values if value), "")
