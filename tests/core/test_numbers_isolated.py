"""Numbers stay left to right inside right-to-left text: on pages and in texts."""

import pytest
from django.template import Context, Template

from portal.messaging import texts
from portal.messaging.safe_text import render_sms
from tests.conftest import LANGUAGE_CODES


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_a_phone_in_a_translated_sentence_is_isolated(language):
    template = Template(
        "{% load i18n numbers %}{% language lang %}"
        "{% blocktranslate with number=phone|ltr %}Call {{ number }}{% endblocktranslate %}{% endlanguage %}"
    )
    html = template.render(Context({"lang": language, "phone": "1-888-373-7888"}))
    assert '<bdi dir="ltr">1-888-373-7888</bdi>' in html


def test_the_filter_escapes_what_it_isolates():
    html = Template("{% load numbers %}{{ value|ltr }}").render(Context({"value": "<b>1</b>"}))
    assert html == '<bdi dir="ltr">&lt;b&gt;1&lt;/b&gt;</bdi>'


def test_a_code_in_an_arabic_text_is_isolated_and_an_english_text_stays_plain():
    arabic = render_sms(texts.SIGN_IN_CODE, {"code": "482913"}, language="ar")
    assert "\u2066482913\u2069" in arabic
    english = render_sms(texts.SIGN_IN_CODE, {"code": "482913"}, language="en")
    assert "\u2066" not in english and "482913" in english


def test_a_zip_in_an_arabic_directory_text_is_isolated():
    body = render_sms(texts.DIRECTORY_NONE, {"zip": "77002"}, language="ar")
    assert "\u206677002\u2069" in body
