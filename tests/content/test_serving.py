"""Pages served from the address table each process holds per publish (content.serving): two
queries of the page's own, and whatever the table cannot vouch for left to Wagtail's routing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from content.models import ContentPage
from portal.core import page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def content_page():
    return ContentPage.objects.live().get(slug="get-help")


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Commit a change the way the admin does: the publish count moves once the transaction ends."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [query["sql"] for query in queries.captured_queries]


def add_child(parent, slug):
    child = ContentPage(title=f"Page {slug}", slug=slug)
    parent.add_child(instance=child)
    child.save_revision().publish()
    return child


def test_a_content_page_is_served_in_two_queries_of_its_own(client, settings, content_page):
    """The publish count, then the page's own row: no site, path, ancestor or restriction query."""
    settings.PAGE_CACHE_ENABLED = False
    url = content_page.get_url()
    client.get(url)  # the first request of a process builds the chrome and the table
    response, queries = queries_of(client, url)
    assert response.status_code == 200
    assert len(queries) == 2
    assert "core_publishcount" in queries[0]
    assert "content_contentpage" in queries[1]
    assert not [sql for sql in queries if "wagtailcore_site" in sql or "pageviewrestriction" in sql]


ROUTING_TABLES = ("wagtailcore_site", "wagtailcore_pageviewrestriction", '"wagtailcore_page"."path" IN')


def test_every_seeded_page_is_found_without_a_routing_query(client, seeded_pages):
    """No site, path, ancestor or restriction query; what a page reads to show itself is its own."""
    for page in seeded_pages:
        client.get(page.get_url())
    for page in seeded_pages:
        response, queries = queries_of(client, page.get_url())
        assert response.status_code == 200, page.url_path
        assert [sql for sql in queries if any(table in sql for table in ROUTING_TABLES)] == [], page.url_path


def test_a_page_published_after_the_table_was_built_is_found(client, content_page, publish):
    client.get(content_page.get_url())
    holder = {}
    publish(lambda: holder.setdefault("page", add_child(content_page, "new-after-table")))
    assert client.get(holder["page"].get_url()).status_code == 200


def test_an_unpublished_page_is_gone_at_once(client, content_page, publish):
    url = content_page.get_url()
    assert client.get(url).status_code == 200
    publish(content_page.unpublish)
    assert client.get(url).status_code == 404


def test_an_address_the_table_does_not_know_is_left_to_wagtail(client, content_page):
    assert client.get(content_page.get_url() + "no-such-page/").status_code == 404


def test_a_restricted_page_and_the_pages_below_it_still_ask_to_sign_in(client, content_page, publish):
    below = add_child(content_page, "under-a-restriction")
    client.get(content_page.get_url())  # the table is held before the restriction is added
    publish(lambda: PageViewRestriction.objects.create(page=content_page, restriction_type="login"))
    for page in (content_page, below):
        response = client.get(page.get_url())
        assert response.status_code == 302, page.url_path
        assert "login" in response["Location"] or "sign-in" in response["Location"]


def test_an_alias_is_left_to_wagtail_and_keeps_its_sources_restriction(client, content_page, publish):
    source = add_child(content_page, "alias-source")
    home = Page.objects.get(depth=2).specific
    alias = source.create_alias(parent=home, update_slug="alias-copy")
    publish(lambda: PageViewRestriction.objects.create(page=source, restriction_type="login"))
    assert client.get(alias.get_url()).status_code == 302


@pytest.fixture
def forget_site_root_paths():
    """Wagtail keeps the sites' root paths in the cache, which a test's rollback does not reach."""
    yield
    Site.clear_site_root_paths_cache()


def test_a_second_site_leaves_every_page_to_wagtail(client, content_page, publish, forget_site_root_paths):
    client.get(content_page.get_url())
    root = Site.objects.get().root_page
    publish(lambda: Site.objects.create(hostname="other.example.org", root_page=root, is_default_site=False))
    response, queries = queries_of(client, content_page.get_url())
    assert response.status_code == 200
    assert any("wagtailcore_site" in sql for sql in queries)


def test_the_table_holds_nothing_a_visitor_typed(client, content_page):
    client.get(content_page.get_url() + "?q=serving-canary-word")
    client.get("/en/serving-canary-word/")
    assert any(name == "page-routes" for name, _language in page_cache._remembered)
    assert "serving-canary-word" not in repr(page_cache._remembered)


def test_the_query_held_per_model_reads_what_the_orm_reads(seeded_pages, settings):
    """The page row is read with SQL compiled once per model and language: every field of every page
    reads as the ORM reads it (other languages' on first use), and no page that is not live is read."""
    from django.utils import translation

    from content import serving

    pages = [page.specific for page in Page.objects.live().filter(depth__gt=1)]
    assert pages
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for page in pages:
                model = type(page)
                held = next(iter(model.objects.raw(*serving._live_page_query(model, page.pk))))
                assert type(held) is model
                for field in model._meta.concrete_fields:
                    assert getattr(held, field.attname) == getattr(page, field.attname), field.attname
    draft = pages[0]
    type(draft).objects.filter(pk=draft.pk).update(live=False)
    assert list(type(draft).objects.raw(*serving._live_page_query(type(draft), draft.pk))) == []


def test_a_page_in_any_language_reads_no_field_of_another_language(client, settings, seeded_pages):
    """Other languages' fields are left out of the page's row: showing any page, in any language and
    whatever it falls back to, never goes back to the database for one of them."""
    from unittest import mock

    from django.db.models import Model

    settings.PAGE_CACHE_ENABLED = False
    pages = [page.specific for page in Page.objects.live().filter(depth__gt=1)]
    deferred_read = AssertionError("a field left out of the row was read")
    for code, _name in settings.LANGUAGES:
        for page in pages:
            url = page.get_url().replace("/en/", f"/{code}/", 1)
            with mock.patch.object(Model, "refresh_from_db", side_effect=deferred_read):
                assert client.get(url).status_code == 200, url
