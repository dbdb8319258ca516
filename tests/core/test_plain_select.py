"""PlainSelect writes the same <select> as Django's own Select, without a template per option."""

import pytest
from django import forms
from django.test.html import parse_html
from django.utils import translation

from portal.core.forms import PlainSelect
from portal.directory.forms import ServiceSearchForm

CHOICES = [("", "Any"), ("a&b", "A & <b>"), ("2", "Two"), (3, "Three")]


@pytest.mark.parametrize("value", [None, "", "a&b", "2", 3, "not-a-choice", ["2", "a&b"]])
@pytest.mark.parametrize("attrs", [None, {"id": "id_x", "aria-describedby": "id_x_helptext", "aria-invalid": "true"}])
def test_the_html_is_djangos(value, attrs):
    ours = PlainSelect(choices=CHOICES).render("x", value, attrs=attrs)
    theirs = forms.Select(choices=CHOICES).render("x", value, attrs=attrs)
    assert parse_html(ours) == parse_html(theirs)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data", [{}, {"category": "housing", "language": "vi", "serves": "serves-minors"}, {"category": "<not one>"}]
)
def test_the_search_forms_choices_render_as_djangos(data):
    with translation.override("es"):
        form = ServiceSearchForm(data or None)
        form.is_valid()
        for name in ("category", "language", "serves"):
            ours = str(form[name])
            form.fields[name].widget = forms.Select(choices=form.fields[name].choices)
            assert parse_html(ours) == parse_html(str(form[name])), name
