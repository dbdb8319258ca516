"""Wagtail's page serving, with what it looks up on every request held per publish.

Wagtail finds a page in six queries: the site, the root page, each page on the path and its
specific row, its ancestors (for aliases) and their view restrictions. The site's pages change
only when something is published, and every publish raises the publish count
(portal.core.page_cache), so each process holds the site and a table of the page addresses
and reads a page in one query: its specific row, with SQL compiled once per page model.

The table holds only what is the same for every visitor: page ids, types and slugs. A page is
left to Wagtail's own routing, exactly as before, when it or a page above it is restricted, is an
alias, or routes its own sub-paths; and so is everything when the site has more than one Site.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import get_language
from modeltranslation.translator import translator
from modeltranslation.utils import resolution_order
from wagtail import views as wagtail_views
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from portal.core.held_sql import held, with_values
from portal.core.page_cache import remember


@dataclass(frozen=True)
class Routes:
    """The one default site, and {path segments: (page type, id)} for its live pages."""

    site: Site | None = None
    pages: dict[tuple[str, ...], tuple[type[Page], int]] = field(default_factory=dict)


def _routes():
    sites = list(Site.objects.select_related("root_page"))
    if len(sites) != 1 or not sites[0].is_default_site:
        return Routes()  # several sites: Wagtail matches the host itself
    site = sites[0]
    restricted = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    rows = (
        Page.objects.descendant_of(site.root_page, inclusive=True)
        .order_by("path")
        .values_list("id", "path", "slug", "live", "alias_of_id", "content_type_id")
    )
    segments = {}  # path -> the URL segments of a page Wagtail's own route() would reach plainly
    pages = {}
    for page_id, path, slug, live, alias_of, content_type_id in rows:
        parent = path[: -Page.steplen]
        if path == site.root_page.path:
            chain = ()
        elif parent in segments:
            chain = (*segments[parent], slug)
        else:
            continue  # below a page left to Wagtail
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        plain = (
            model is not None
            and model.route is Page.route
            and alias_of is None
            and not any(path.startswith(restricted_path) for restricted_path in restricted)
        )
        if not plain:
            continue
        segments[path] = chain
        if live:
            pages[chain] = (model, page_id)
    return Routes(site, pages)


_ANY_ID = -1  # never a page's id: the stand-in for it in the SQL held (portal.core.held_sql)
# Read in every language even so: small, and a course lists the languages it is written in by them.
ALWAYS_EVERY_LANGUAGE = {"title"}


def _live_page_query(model, page_id):
    """`model.objects.filter(pk=page_id, live=True)[:1]` as SQL and parameters for `raw()`, reading
    translated fields only in the current language and those it falls back to.

    A page's row holds every translated field in every language (about 90 columns): Django compiled
    that query again on every request, which took longer than running it, and decoded the body of
    every language. The SQL depends only on the model and the language, so it is compiled once per
    process for each; raw() reads the row into the same model, the other languages' fields deferred
    (read on first use, as Django's defer() does).
    """
    language = get_language()

    def compile_once():
        wanted = set(resolution_order(language))
        other_languages = [
            localized
            for name, translated in translator.get_options_for_model(model).all_fields.items()
            if name not in ALWAYS_EVERY_LANGUAGE
            for localized in translated
            if localized.language not in wanted
        ]
        query = model.objects.filter(pk=_ANY_ID, live=True).defer(*(field.name for field in other_languages))
        return (*query[:1].query.sql_with_params(), None)

    sql, params, _nothing_else = held(("live page", model, language), compile_once)
    return sql, with_values(params, [_ANY_ID], [page_id])


def serve(request, path):
    """Wagtail's own page view, after telling it what the held table already knows."""
    hold_route(request, path)
    return wagtail_views.serve(request, path)


def hold_route(request, path):
    """Tell Wagtail which site and page serve `path` when the held table knows; otherwise leave
    the request to Wagtail's own routing."""
    routes = remember("page-routes", _routes, request)
    if routes.site is None:
        return
    request._wagtail_site = routes.site
    found = routes.pages.get(tuple(segment for segment in path.split("/") if segment))
    if found is None:
        return
    model, page_id = found
    page = next(iter(model.objects.raw(*_live_page_query(model, page_id))), None)
    if page is not None:
        page.view_restrictions_held_none = True
        request._wagtail_route_for_request = RouteResult(page)
