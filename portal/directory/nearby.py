"""A page of a search near a place, read without measuring every service that could be on it.

A search near a ZIP code puts services in order of the distance from the ZIP's centre to their
nearest public location. That distance is measured for each service in the query (search.py says
why no copy of it is kept), and a big city's directory may hold thousands of services for one
county: measuring all of them took longer than the rest of the page.

So a page is read first from the services with a public location within a mile of the place (the
ring), and from every service only when the ring holds too few. The services inside the ring come
first in the search's order, before any service outside it, because the order is by that distance
first. So when the ring holds as many services as the page reaches, its first rows are the page,
exactly as the whole search would give it. One statement does both, and PostgreSQL skips the whole
search when the ring filled the page: a page costs one query however many services there are.
"""
# The statement is put together from SQL that Django compiled, fixed words and quoted names; every
# value in it (the place, the words, the page) is a parameter. (Hence the "nosec B608" marks below.)
# ruff: noqa: S608

from math import cos, radians

from django.db import connection
from django.db.models import ExpressionWrapper, F, FloatField, QuerySet
from django.db.models.expressions import OrderBy

from .models import Location, ServiceAtLocation
from .places import MILES_PER_DEGREE, ZipPlace

# Where services are many, a mile holds a page of them; where they are few, the ring costs little.
# Measured with 100,000 services (bench directory): wider rings tried one after another cost more
# than they saved, since a ring that does not fill the page is work done again by the next step.
RING_MILES = 1


def squared_distance_from(place: ZipPlace) -> ExpressionWrapper:
    """A location's squared distance from the place's centre, in degrees of latitude (longitude
    scaled at the place's latitude): the one measure that orders results and draws the ring."""
    scale = cos(radians(place.latitude))
    return ExpressionWrapper(
        (F("latitude") - place.latitude) * (F("latitude") - place.latitude)
        + (F("longitude") - place.longitude) * (F("longitude") - place.longitude) * (scale * scale),
        output_field=FloatField(),
    )


def services_within(place: ZipPlace, miles: float) -> QuerySet:
    """The ids of the services with a public location within `miles` of the place's centre.

    A box around the circle is looked up first, under the locations' position index; the circle
    is then drawn with the same measure as the results' order, so a ring never disagrees with it."""
    radius = miles / MILES_PER_DEGREE
    # The box is a little wider than the circle, so rounding can never leave out a location inside it.
    half_height = radius * 1.01
    half_width = half_height / cos(radians(place.latitude))
    inside = (
        Location.objects.public()
        .filter(
            latitude__range=(place.latitude - half_height, place.latitude + half_height),
            longitude__range=(place.longitude - half_width, place.longitude + half_width),
        )
        .alias(squared=squared_distance_from(place))
        .filter(squared__lte=radius * radius)
    )
    return ServiceAtLocation.objects.filter(location__in=inside).values("service_id")


def ring(ordered: QuerySet, place: ZipPlace) -> QuerySet:
    """`ordered` (a search near the place) for the services within RING_MILES of the place: the
    beginning of `ordered`, in its order."""
    return ordered.filter(pk__in=services_within(place, RING_MILES))


def first_filled_page(ordered: QuerySet, beginning: QuerySet, columns: list[str], start: int, stop: int) -> list[tuple]:
    """`ordered.values_list(*columns)[start:stop]`, read from `beginning` when it holds at least
    `stop` rows, else from `ordered` itself, in one statement.

    `beginning` must hold the first rows of `ordered`, in its order (as `ring` makes it). `ordered`
    must be ordered by names of its columns or annotations only, since the chosen rows are put in
    order again by those names."""
    order = [_named_order(item) for item in ordered.query.order_by]
    selected = list(dict.fromkeys([*columns, *(name for name, _direction in order)]))
    (beginning_sql, beginning_params), (ordered_sql, ordered_params) = (
        _compiled(queryset.values_list(*selected)[:stop], selected) for queryset in (beginning, ordered)
    )
    quote = connection.ops.quote_name
    statement = " ".join(
        [
            f"WITH beginning AS MATERIALIZED ({beginning_sql}),",
            # Worked out only when the beginning holds fewer rows than the page needs.
            f"whole AS MATERIALIZED (SELECT * FROM ({ordered_sql}) AS whole_search",  # nosec B608
            "WHERE (SELECT count(*) FROM beginning) < %s)",
            f"SELECT {', '.join(quote(column) for column in columns)} FROM (",  # nosec B608
            "SELECT * FROM beginning WHERE (SELECT count(*) FROM beginning) >= %s",
            "UNION ALL SELECT * FROM whole",
            f") AS chosen ORDER BY {', '.join(f'{quote(name)} {direction}' for name, direction in order)}",
            "LIMIT %s OFFSET %s",
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*beginning_params, *ordered_params, stop, stop, max(stop - start, 0), start])
        return cursor.fetchall()


def _compiled(queryset: QuerySet, columns: list[str]) -> tuple[str, tuple]:
    compiler = queryset.query.get_compiler(connection.alias)
    sql, params = compiler.as_sql()
    names = [alias for _expression, _sql, alias in compiler.select]
    if names != columns:  # a column without its own name: the order by name could not find it
        raise ValueError(f"columns {names} are not {columns}")
    return sql, params


def _named_order(item) -> tuple[str, str]:
    """(column name, SQL direction) of one item of a queryset's order_by."""
    if isinstance(item, str):
        return item.removeprefix("-"), "DESC" if item.startswith("-") else "ASC"
    if isinstance(item, OrderBy) and isinstance(item.expression, F):
        direction = "DESC" if item.descending else "ASC"
        if item.nulls_last:
            direction += " NULLS LAST"
        elif item.nulls_first:
            direction += " NULLS FIRST"
        return item.expression.name, direction
    raise TypeError(f"order by a column's or an annotation's name, not {item!r}")
