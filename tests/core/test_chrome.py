"""The site's chrome (menu, safety alert, hotlines) is built once per publish in each process,
with or without the page cache, and holds nothing a visitor typed."""

import html
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content.models import ContentPage, Hotline, SafetyAlert
from portal.core import page_cache

pytestmark = pytest.mark.django_db

# The safety alert, its hotlines, the "Browse safely" page, and the menu (pages shown in menus).
CHROME_TABLES = ("content_safetyalert", "content_hotline", "content_safetypage", 'show_in_menus" AND')


@pytest.fixture
def content_page():
    return ContentPage.objects.live().get(slug="get-help")


def chrome_queries(queries):
    return [query["sql"] for query in queries if any(table in query["sql"] for table in CHROME_TABLES)]


def test_a_content_page_is_served_in_a_fixed_number_of_queries(client, settings, content_page):
    """Wagtail's own serving costs 6 (the site, the page found segment by segment, its specific
    row, its view restrictions); the chrome costs one read of the publish count."""
    settings.PAGE_CACHE_ENABLED = False
    url = content_page.get_url()
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == 2
    assert chrome_queries(queries.captured_queries) == []
    assert sum("core_publishcount" in query["sql"] for query in queries.captured_queries) == 1


def test_the_first_view_builds_the_chrome_once_for_every_later_page(client, settings, content_page):
    settings.PAGE_CACHE_ENABLED = False
    with CaptureQueriesContext(connection) as first:
        client.get(content_page.get_url())
    assert chrome_queries(first.captured_queries)
    for url in ("/en/", "/en/services/", "/en/my/sign-in/"):
        with CaptureQueriesContext(connection) as later:
            assert client.get(url).status_code == 200
        assert chrome_queries(later.captured_queries) == [], url


def test_each_language_gets_its_own_chrome(client, content_page):
    english = client.get("/en/").content.decode()
    spanish = client.get("/es/").content.decode()
    alert = SafetyAlert.objects.filter(is_active=True).first()
    assert alert.message_en in english and alert.message_es in spanish
    assert alert.message_es not in english


def test_publishing_a_page_renews_the_menu_in_every_process(client, content_page, django_capture_on_commit_callbacks):
    assert content_page.show_in_menus
    client.get("/en/")
    content_page.title_en = "Help, renamed"
    with django_capture_on_commit_callbacks(execute=True):
        content_page.save_revision().publish()
    assert "Help, renamed" in client.get("/en/").content.decode()


def test_saving_a_snippet_renews_the_safety_alert(client, django_capture_on_commit_callbacks):
    client.get("/en/")
    line = Hotline.objects.filter(is_active=True).first()
    line.name_en = "A renamed hotline"
    with django_capture_on_commit_callbacks(execute=True):
        line.save()
    assert "A renamed hotline" in client.get("/en/").content.decode()


def test_until_the_count_moves_the_held_chrome_is_served(client):
    """What another process sees between a change and its publish: the count is the only signal."""
    client.get("/en/")
    Hotline.objects.filter(is_active=True).update(name_en="Not yet published")
    assert "Not yet published" not in client.get("/en/").content.decode()
    page_cache._new_generation()
    assert "Not yet published" in client.get("/en/").content.decode()


@pytest.mark.parametrize(
    "url",
    ["/en/services/?q=chrome-canary-word", "/en/services/?zip=77002&q=chrome-canary-word", "/es/?q=chrome-canary-word"],
)
def test_nothing_a_visitor_typed_reaches_the_held_chrome(client, url):
    client.get(url)
    assert page_cache._remembered
    held = repr(page_cache._remembered)
    assert "chrome-canary-word" not in held and "77002" not in held


@pytest.mark.parametrize(
    "url",
    [
        "/es/services/?category=housing&page=2",
        "/vi/services/?q=comida&zip=77002",
        "/en/my/sign-in/",
        "/ar/get-help/",
        "/zh-hans/",
        "/en/no-such-page/",
    ],
)
def test_the_language_switcher_links_where_translate_url_would(client, url):
    """The switcher reverses the request's own match once per language; the links are what
    Django's translate_url gives for the same address."""
    from django.urls import translate_url

    body = client.get(url).content.decode()
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', body, re.S).group(0)
    links = {code: html.unescape(href) for href, code in re.findall(r'href="([^"]*)" hreflang="([^"]*)"', switcher)}
    assert set(links) == {code for code, _name in settings.LANGUAGES}
    for code, href in links.items():
        assert href == translate_url(url, code), code
