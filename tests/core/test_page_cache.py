"""The page cache: anonymous public pages stored per language, purged on publish, never personal."""

import pytest
from django.core.cache import cache
from wagtail.models import Page

from content.models import ContentPage
from portal.directory.models import Service


@pytest.fixture
def page_cache(settings, db):
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def content_page(db):
    return ContentPage.objects.live().first()


@pytest.fixture
def service(db):
    return Service.objects.public().first()


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response


def test_a_second_anonymous_visit_is_served_from_the_cache_without_a_query(
    client, page_cache, content_page, django_assert_num_queries
):
    url = content_page.get_url()
    first = get(client, url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = get(client, url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # The safety headers are added to every response, stored or not.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Referrer-Policy"] == "no-referrer"


def test_each_language_is_stored_apart(client, page_cache):
    english = get(client, "/en/")
    spanish = get(client, "/es/")
    assert spanish["X-Page-Cache"] == "miss"
    assert english.content != spanish.content
    for language in ("en", "es"):
        again = get(client, f"/{language}/")
        assert again["X-Page-Cache"] == "hit"
        assert f'lang="{language}"'.encode() in again.content


def test_publishing_a_page_purges_it(client, page_cache, content_page, django_capture_on_commit_callbacks):
    url = content_page.get_url()
    get(client, url)
    assert get(client, url)["X-Page-Cache"] == "hit"

    content_page.title = "Know your rights at work (updated)"
    with django_capture_on_commit_callbacks(execute=True):
        content_page.save_revision().publish()

    fresh = get(client, url)
    assert fresh["X-Page-Cache"] == "miss"
    assert b"Know your rights at work (updated)" in fresh.content


def test_publishing_a_service_purges_the_directory(client, page_cache, service, django_capture_on_commit_callbacks):
    url = f"/en/services/{service.pk}/"
    get(client, url)
    assert get(client, url)["X-Page-Cache"] == "hit"

    service.name = "Renamed for the purge test"
    with django_capture_on_commit_callbacks(execute=True):
        service.save_revision().publish()

    fresh = get(client, url)
    assert fresh["X-Page-Cache"] == "miss"
    assert b"Renamed for the purge test" in fresh.content


def test_a_purge_waits_for_the_commit(client, page_cache, content_page, django_capture_on_commit_callbacks):
    """Purging inside the transaction would let a request store the old page under the new stamp."""
    url = content_page.get_url()
    get(client, url)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        content_page.save_revision().publish()
    assert get(client, url)["X-Page-Cache"] == "hit"
    for callback in callbacks:
        callback()
    assert get(client, url)["X-Page-Cache"] == "miss"


def test_chosen_filters_are_stored_but_typed_text_never_is(client, page_cache):
    category = "?category=legal"
    get(client, f"/en/services/{category}")
    assert get(client, f"/en/services/{category}")["X-Page-Cache"] == "hit"
    assert get(client, f"/en/services/{category}&q=")["X-Page-Cache"] == "hit"  # a blank search box

    for typed in ("?q=quinceanera-visa", "?zip=77002", "?category=legal&q=quinceanera-visa", "?utm_source=flyer"):
        get(client, f"/en/services/{typed}")
        assert "X-Page-Cache" not in get(client, f"/en/services/{typed}"), typed
    stored = [bytes(value) for value in cache._cache.values()]
    assert stored, "the category page should have been stored"
    assert not [value for value in stored if b"quinceanera-visa" in value or b"77002" in value]


def test_a_visitor_with_a_session_is_never_served_or_stored(client, page_cache, content_page):
    url = content_page.get_url()
    client.cookies["sessionid"] = "anything"
    assert "X-Page-Cache" not in get(client, url)
    assert "X-Page-Cache" not in get(client, url)
    client.cookies.pop("sessionid")
    assert get(client, url)["X-Page-Cache"] == "miss"  # nothing was stored for the visitor with a session


def test_a_signed_in_survivor_gets_fresh_personal_pages(client, page_cache, content_page, django_user_model):
    get(client, content_page.get_url())  # stored for anonymous visitors
    user = django_user_model.objects.create_user("reader", password="x" * 20)
    client.force_login(user)
    assert "X-Page-Cache" not in get(client, content_page.get_url())


def test_pages_that_set_a_cookie_or_hold_a_form_token_are_not_stored(client, page_cache, service):
    for url in ("/en/help/", f"/en/services/{service.pk}/text-me/"):
        client.cookies.clear()
        first = client.get(url)
        assert first.status_code == 200
        assert "X-Page-Cache" not in first, url
        client.cookies.clear()
        assert "X-Page-Cache" not in client.get(url), url


def test_errors_and_redirects_are_not_stored(client, page_cache):
    assert client.get("/en/no-such-page/").status_code == 404
    assert "X-Page-Cache" not in client.get("/en/no-such-page/")


def test_the_cache_is_off_unless_enabled(client, settings, content_page):
    settings.PAGE_CACHE_ENABLED = False
    cache.clear()
    get(client, content_page.get_url())
    assert "X-Page-Cache" not in get(client, content_page.get_url())


def test_an_evicted_stamp_never_brings_old_pages_back(
    client, page_cache, content_page, django_capture_on_commit_callbacks
):
    url = content_page.get_url()
    get(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=content_page.pk).specific.save_revision().publish()
    cache.delete("page-cache:generation")  # as if Redis evicted it
    assert get(client, url)["X-Page-Cache"] == "miss"


def test_the_menu_and_safety_alert_are_read_once_until_the_next_publish(
    client, page_cache, django_capture_on_commit_callbacks
):
    """Pages the page cache cannot store (a visitor with a session) still reuse the shared parts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.cookies["sessionid"] = "anything"
    with CaptureQueriesContext(connection) as first:
        get(client, "/en/")
    with CaptureQueriesContext(connection) as second:
        get(client, "/en/")
    assert len(second) < len(first)

    in_menu = Page.objects.live().in_menu().specific().first()
    in_menu.title = "Renamed in the menu"
    with django_capture_on_commit_callbacks(execute=True):
        in_menu.save_revision().publish()
    assert "Renamed in the menu" in get(client, "/en/").content.decode()


def test_an_advocate_editing_a_case_record_does_not_purge_the_cache(
    client, page_cache, content_page, django_capture_on_commit_callbacks
):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    from portal.messaging.models import Contact

    url = content_page.get_url()
    get(client, url)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        contact, _created = Contact.objects.get_or_create_for_phone("+17135550188")
        ModelLogEntry.objects.log_action(contact, "wagtail.edit")
        ContentType.objects.get_for_model(Contact)
    assert callbacks == []
    assert get(client, url)["X-Page-Cache"] == "hit"
