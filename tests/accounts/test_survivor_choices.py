"""Admin pickers offer survivors by the name they chose, only the staff member's own, and her record's
title stays a number. Every admin "new" form the advocate can open is tried, so a form added later
that points at a survivor is checked too."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.accounts.builders import make_organization, make_staff, make_survivor, verified_admin_client

pytestmark = pytest.mark.django_db


def admin_new_form_urls(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from admin_new_form_urls(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and route.startswith("admin/") and route.endswith("/new/"):
            yield "/" + route


def test_every_survivor_picker_names_own_survivors_only():
    home, elsewhere = make_organization("Picker Home"), make_organization("Picker Elsewhere")
    ours = make_survivor(home, name="Marisol Picker")
    theirs = make_survivor(elsewhere, name="Teodora Elsewhere")
    client = verified_admin_client(Client(), make_staff(home, "picker-advocate"))
    pickers = []
    for url in admin_new_form_urls():
        response = client.get(url)
        html = response.content.decode() if response.status_code == 200 else ""
        if re.search(r'<select[^>]+name="survivor"', html):
            pickers.append(url)
            assert f"Marisol Picker (#{ours.pk})" in html, url
            assert "Teodora Elsewhere" not in html and f"(#{theirs.pk})" not in html, url
    assert {"/admin/checkin-plans/new/", "/admin/consent/new/"} <= set(pickers)
    assert str(ours) == f"Survivor #{ours.pk}"  # titles, history and the audit log never carry the name
