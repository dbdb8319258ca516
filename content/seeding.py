"""Demo pages and editorial snippets for `seed_demo`, read from content/seed_data/.

Creates what is missing and leaves what exists alone, so a second run changes nothing.
"""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page, Site

from content.models import ContentPage, HomePage, Hotline, LessonPage, SafetyAlert, SafetyPage, TrainingPage

SEED_DATA = Path(__file__).resolve().parent / "seed_data"
PAGE_TYPES = {cls.__name__: cls for cls in (HomePage, ContentPage, SafetyPage, TrainingPage, LessonPage)}
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _load(name):
    return json.loads((SEED_DATA / name).read_text(encoding="utf-8"))


def _set_translations(instance, field, values):
    """Write one value per language; the plain field holds the default language's."""
    for code in LANGUAGE_CODES:
        value = values.get(code, "")
        if not isinstance(value, str):
            value = json.dumps(value)
        setattr(instance, build_localized_fieldname(field, code), value)


def _build_page(spec):
    page = PAGE_TYPES[spec["type"]](slug=spec["slug"], show_in_menus=spec["parent"] == "home")
    for field in ("title", "intro", "body", "audience", "objectives", "knowledge_check"):
        if field in spec:
            _set_translations(page, field, spec[field])
    page.title = spec["title"]["en"]
    if "duration_minutes" in spec:
        page.duration_minutes = spec["duration_minutes"]
    return page


def _ensure_home(spec):
    home = HomePage.objects.first()
    if home:
        return home, False
    root = Page.get_first_root_node()
    # Wagtail's installer leaves a placeholder page holding the "home" slug.
    for placeholder in root.get_children().filter(slug=spec["slug"]):
        if placeholder.specific_class is Page:
            placeholder.delete()
    home = root.add_child(instance=_build_page(spec))
    home.save_revision().publish()
    return home, True


def _point_site_at(home):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name=settings.SITE_NAME)
    elif site.root_page_id != home.pk or site.site_name != settings.SITE_NAME:
        site.root_page = home
        site.site_name = settings.SITE_NAME
        site.save()


@transaction.atomic
def seed_pages():
    specs = _load("pages.json")
    home, created = _ensure_home(specs[0])
    _point_site_at(home)
    pages = {"home": home}
    created_count = int(created)
    for spec in specs[1:]:
        parent = pages[spec["parent"]]
        page = parent.get_children().filter(slug=spec["slug"]).first()
        if page is None:
            page = parent.add_child(instance=_build_page(spec))
            page.save_revision().publish()
            created_count += 1
        pages[spec["key"]] = page
    return created_count


@transaction.atomic
def seed_snippets():
    data = _load("snippets.json")
    if not SafetyAlert.objects.exists():
        alert = SafetyAlert()
        _set_translations(alert, "message", data["safety_alert"])
        alert.save()
    for order, spec in enumerate(data["hotlines"]):
        if not Hotline.objects.filter(phone=spec["phone"]).exists():
            line = Hotline(phone=spec["phone"], sms=spec["sms"], sort_order=order)
            _set_translations(line, "name", spec["name"])
            line.save()
