"""Editors translate in one tab per language and see which languages a record still needs; a page
previewed in the admin may be framed by the admin while the public site keeps its strict policy."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from content.models import ContentPage, SafetyAlert
from portal.core.translation_status import target_languages
from portal.directory.models import Service

pytestmark = pytest.mark.django_db
NAMES = dict(settings.LANGUAGES)

# The public policy, written out so that any change to it fails here first.
PUBLIC_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


def tab_labels(response):
    return [
        re.sub(r"\s+", " ", label.replace("()", "")).strip()
        for label in re.findall(r'role="tab"[^>]*>(.*?)</a>', response.content.decode(), re.S)
        for label in [re.sub(r"<[^>]+>", "", label)]
    ]


def rights_page():
    return ContentPage.objects.get(slug="rights")


def test_the_page_form_has_english_then_one_tab_per_language_then_promote_and_settings(admin_client_verified):
    page = rights_page()
    page.intro_es = ""
    page.save_revision().publish()
    labels = tab_labels(admin_client_verified.get(reverse("wagtailadmin_pages:edit", args=[page.pk])))
    expected_languages = [
        f"{name} (needs translation)" if code == "es" else f"{name} (translated)" for code, name in target_languages()
    ]
    assert labels[: len(expected_languages) + 2] == [NAMES["en"], *expected_languages, "Promote"]


def test_each_language_tab_holds_exactly_that_languages_fields():
    """For every page type and every translated snippet form: nothing lost, nothing twice, nothing misplaced."""
    from wagtail.models import get_page_models
    from wagtail.snippets.models import get_snippet_models

    from portal.core.translation_status import language_of_field

    handlers = [model.get_edit_handler() for model in get_page_models() if hasattr(model, "intro")]
    handlers += [model.snippet_viewset._edit_handler for model in get_snippet_models() if _translated(model)]
    assert len(handlers) >= 7
    for handler in handlers:
        tabs = {tab.heading: set(tab.get_form_options()["fields"]) for tab in handler.children}
        everything = [field for fields in tabs.values() for field in fields]
        assert len(everything) == len(set(everything))
        for code, name in target_languages():
            assert tabs[name] and all(language_of_field(handler.model, field) == code for field in tabs[name])
        english = tabs[NAMES["en"]]
        assert all(language_of_field(handler.model, field) in (None, "en") for field in english)


def _translated(model):
    from portal.core.translation_status import translatable_fields

    return bool(translatable_fields(model))


def test_publishing_the_spanish_text_turns_the_marker_to_translated(admin_client_verified):
    page = rights_page()
    page.intro_es = ""
    page.save_revision().publish()
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert "Español (needs translation)" in tab_labels(admin_client_verified.get(edit_url))

    page.refresh_from_db()
    page.intro_es = "Lo que dice la ley."
    page.save_revision().publish()
    assert "Español (translated)" in tab_labels(admin_client_verified.get(edit_url))


def test_the_snippet_listing_shows_and_filters_the_languages_still_needed(admin_client_verified):
    alert = SafetyAlert.objects.create(message_en="Leaving quickly does not erase history.", message_vi="Rời đi")
    listing = reverse("wagtailsnippets_content_safetyalert:list")
    page = admin_client_verified.get(listing).content.decode()
    assert f'<span lang="es">{NAMES["es"]}</span>' in page
    filtered = admin_client_verified.get(listing, {"needs_translation": "vi"}).context["object_list"]
    assert alert not in filtered
    assert alert in admin_client_verified.get(listing, {"needs_translation": "es"}).context["object_list"]


def test_the_service_filter_keeps_its_own_filters_and_adds_the_language(admin_client_verified):
    service = Service.objects.order_by("pk").first()
    service.description_ar = ""
    service.save()
    listing = reverse("wagtailsnippets_directory_service:list")
    found = list(admin_client_verified.get(listing, {"needs_translation": "ar"}).context["object_list"])
    assert found == [service]
    assert admin_client_verified.get(listing, {"needs_review": "true"}).status_code == 200


def test_pages_to_translate_lists_only_the_pages_a_language_still_needs(
    admin_client_verified, django_assert_max_num_queries
):
    page = rights_page()
    page.title_zh_hans = ""
    page.save()
    with django_assert_max_num_queries(60):
        response = admin_client_verified.get(reverse("pages_to_translate:index"), {"needs_translation": "zh-hans"})
    assert [row.pk for row in response.context["object_list"]] == [page.pk]
    assert f'<span lang="zh-hans">{NAMES["zh-hans"]}</span>' in response.content.decode()


def test_a_preview_may_be_framed_by_the_admin_only(admin_client_verified):
    page = rights_page()
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    response = admin_client_verified.get(preview_url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == PUBLIC_POLICY.replace(
        "frame-ancestors 'none'", "frame-ancestors 'self'"
    )
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    editor = admin_client_verified.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert "frame-ancestors 'none'" in editor["Content-Security-Policy"]
    assert editor["X-Frame-Options"] == "DENY"


def test_the_previewed_page_rendered_under_the_public_policy_is_still_framed_by_the_admin(rf):
    """Wagtail renders the preview through the middleware as a public request first: its policy is replaced."""
    from django.http import HttpResponse
    from django.urls import resolve

    from portal.core.middleware import SafetyHeadersMiddleware

    def preview_view(request):
        response = HttpResponse("<main><h1>Rights</h1></main>")
        response["Content-Security-Policy"] = PUBLIC_POLICY
        return response

    request = rf.get(reverse("wagtailadmin_pages:preview_on_edit", args=[rights_page().pk]))
    request.resolver_match = resolve(request.path)
    response = SafetyHeadersMiddleware(preview_view)(request)
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.parametrize("url", ["/en/rights/", "/es/rights/", "/en/services/"])
def test_the_public_policy_is_unchanged(client, url):
    response = client.get(url)
    assert response["Content-Security-Policy"] == PUBLIC_POLICY
    assert response["X-Frame-Options"] == "DENY"


def test_a_new_content_page_is_in_the_menus_by_default():
    assert ContentPage().show_in_menus is True


def test_pages_to_translate_is_only_for_people_who_edit_pages(client):
    from tests.accounts.builders import make_staff, verified_admin_client

    staff = verified_admin_client(client, make_staff(None, "translation-reader"))
    response = staff.get(reverse("pages_to_translate:index"))
    assert (response.status_code, response.url) == (302, "/admin/")  # Wagtail's answer to "permission denied"
