"""Every seeded page, in every language, with the right language and direction."""

import re

import pytest
from django.utils.html import escape
from django.utils.translation import override

from content.models import ContentPage, SafetyPage
from tests.conftest import LANGUAGE_CODES, RTL_LANGUAGES, TRANSLATED_LANGUAGE_CODES

pytestmark = pytest.mark.django_db


def page_url(page, language):
    with override(language):
        return page.get_url()


def html_tag(response):
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_every_seeded_page_is_served_in_every_language(client, seeded_pages, language):
    assert len(seeded_pages) >= 7
    for page in seeded_pages:
        url = page_url(page, language)
        assert url.startswith(f"/{language}/")
        response = client.get(url)
        assert response.status_code == 200, url
        tag = html_tag(response)
        assert f'lang="{language}"' in tag
        assert f'dir="{"rtl" if language in RTL_LANGUAGES else "ltr"}"' in tag


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGE_CODES)
def test_pages_show_their_own_language_text(client, language):
    page = ContentPage.objects.get(slug="get-help")
    english = page.title_en
    translated = getattr(page, f"title_{language.replace('-', '_')}")
    assert translated and translated != english
    body = client.get(page_url(page, language)).content.decode()
    assert escape(translated) in body  # an apostrophe (French "l'aide") is escaped in HTML


def test_empty_translation_falls_back_to_english(client):
    page = ContentPage.objects.get(slug="rights")
    page.intro_vi = ""
    page.save()
    body = client.get(page_url(page, "vi")).content.decode()
    assert page.intro_en in body


def test_switcher_links_to_the_same_page_in_each_language(client):
    page = SafetyPage.objects.get()
    body = client.get(page_url(page, "es")).content.decode()
    switcher = re.search(r'<nav class="language-switcher".*?</nav>', body, re.S).group(0)
    for language in LANGUAGE_CODES:
        assert re.search(rf'href="/{language}/browse-safely/" hreflang="{language}"', switcher), language
    assert 'aria-current="true">Español<' in switcher


def test_switcher_names_each_language_in_its_own_script(client):
    body = client.get("/en/").content.decode()
    for name in ("English", "Español", "Tiếng Việt", "简体中文", "العربية"):
        assert name in body


def test_root_redirects_by_accept_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="vi,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/vi/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ar").headers["Location"] == "/ar/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").headers["Location"] == "/zh-hans/"


def test_unknown_page_is_a_translated_404(client):
    response = client.get("/es/no-such-page/")
    assert response.status_code == 404
    assert 'lang="es"' in response.content.decode()


def test_a_new_page_is_in_the_menu_unless_the_editor_unticks_it(admin_client_verified):
    from content.models import HomePage
    from tests.admin_forms import form_fields

    home = HomePage.objects.get()
    form = form_fields(admin_client_verified.get(f"/admin/pages/add/content/contentpage/{home.pk}/").content.decode())
    assert form["show_in_menus"] == "on"
