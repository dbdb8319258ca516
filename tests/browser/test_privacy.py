"""Nothing leaves the site, and anonymous reading leaves no cookie behind."""

from urllib.parse import urlsplit

from tests.browser.site import LANGUAGES, SEEDED_PATHS, url


def test_no_request_leaves_the_portal_origin(chromium, portal_server):
    origin = urlsplit(portal_server).netloc
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    elsewhere = []
    requested = []

    def watch(route):
        requested.append(route.request.url)
        if urlsplit(route.request.url).netloc != origin and not route.request.url.startswith("data:"):
            elsewhere.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", watch)
    page = context.new_page()
    try:
        for language in LANGUAGES:
            for path in SEEDED_PATHS:
                page.goto(url(portal_server, language, path))
                page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert len(requested) >= len(LANGUAGES) * len(SEEDED_PATHS)
    assert elsewhere == []


def test_anonymous_reading_sets_no_cookie(chromium, portal_server):
    context = chromium.new_context()
    page = context.new_page()
    try:
        for language in LANGUAGES:
            for path in SEEDED_PATHS:
                page.goto(url(portal_server, language, path))
        assert context.cookies() == []
        assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    finally:
        context.close()
