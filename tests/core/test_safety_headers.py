"""The safety headers of docs/safety.md points 4-7, on every kind of URL."""

import re

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db

CONTENT_URLS = ["/en/", "/es/get-help/", "/ar/browse-safely/", "/vi/rights/", "/zh-hans/training/recognize-signs/"]
OTHER_URLS = [
    "/admin/login/",
    "/healthz",
    "/es/no-such-page/",
    "/api/hsds/",
    "/api/hsds/services",
    "/es/services/",
    "/ar/help/",
    "/vi/my/sign-in/",
]


def assert_safety_headers(response):
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert not re.search(r"https?://", csp), "no third-party origin may be allowed"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in response["Permissions-Policy"]


def script_src(response):
    return re.search(r"script-src ([^;]*)", response["Content-Security-Policy"]).group(1)


@pytest.mark.parametrize("url", CONTENT_URLS + OTHER_URLS)
def test_every_response_carries_the_safety_headers(client, url):
    assert_safety_headers(client.get(url))


@pytest.mark.parametrize("url", CONTENT_URLS)
def test_public_pages_allow_no_inline_script(client, url):
    assert script_src(client.get(url)).split() == ["'self'"]


def test_quick_exit_carries_the_safety_headers(client):
    response = client.get("/exit/")
    assert_safety_headers(response)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", CONTENT_URLS)
def test_anonymous_content_pages_set_no_cookie_and_may_be_cached(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.cookies == {}
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    "url", ["/admin/login/", "/admin/second-factor/setup/", "/en/help/", "/es/my/sign-in/", "/ar/services/"]
)
def test_pages_with_forms_are_never_stored(client, url):
    if "second-factor" in url:
        client.force_login(User.objects.create_user("staffer", password="x" * 16))
    response = client.get(url)
    assert response.status_code == 200
    assert b"<form" in response.content
    assert "no-store" in response["Cache-Control"]


def test_everything_under_my_is_never_stored(client):
    # Even a page that does not exist yet: the rule is by path, not by view.
    response = client.get("/en/my/anything/")
    assert "no-store" in response["Cache-Control"]


def test_signed_in_pages_are_never_stored(client):
    client.force_login(User.objects.create_user("reader", password="x" * 16))
    assert "no-store" in client.get("/en/").headers["Cache-Control"]


def test_titles_are_the_neutral_site_name_only(client, settings, seeded_pages):
    from django.utils.translation import override

    for page in seeded_pages:
        for language in ("en", "ar"):
            with override(language):
                url = page.get_url()
            body = client.get(url).content.decode()
            assert re.findall(r"<title>(.*?)</title>", body) == [settings.SITE_NAME], url


def test_production_sends_hsts(settings, client):
    settings.SECURE_HSTS_SECONDS = 63072000
    response = client.get("/en/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=63072000")
