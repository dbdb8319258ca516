"""One helper renders every text: translated, with the code word, and short."""

import pytest
from django.utils import translation

from portal.messaging import texts
from portal.messaging.safe_text import is_gsm7, render_sms, segment_count
from tests.conftest import LANGUAGE_CODES as LANGUAGES

# Whatever placeholders a template uses, filled the way a caller would.
SAMPLE_CONTEXT = {"code": "482913", "zip": "77002", "languages": "ESPAÑOL"}
AUTOMATIC = [key for key in texts.TEMPLATES if key != texts.FREE_TEXT and key not in texts.ASKED_FOR]


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("", 1),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),  # extension characters count twice
        ("€" * 81, 2),
        ("ñ" * 160, 1),  # in the GSM-7 basic set
        ("á" * 70, 1),  # not in GSM-7: UCS-2
        ("á" * 71, 2),
        ("救" * 134, 2),
        ("😀" * 35, 1),  # two UTF-16 units each
        ("😀" * 36, 2),
    ],
)
def test_segments_are_counted_as_carriers_bill_them(text, segments):
    assert segment_count(text) == segments


def test_gsm7_detection():
    assert is_gsm7("Hello, are you OK? Reply YES.")
    assert not is_gsm7("Xin chào bạn")
    assert not is_gsm7("مرحبا")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", AUTOMATIC)
def test_every_automatic_text_fits_in_two_segments_with_a_code_word(template, language):
    body = render_sms(template, SAMPLE_CONTEXT, language=language, code_word="Bluebonnet", may_identify=True)
    assert segment_count(body) <= 2, body


@pytest.mark.parametrize("template", AUTOMATIC)
def test_no_text_names_a_topic_or_carries_a_link(template, settings):
    body = render_sms(template, SAMPLE_CONTEXT, language="en").lower()
    for word in ("traffick", "shelter", "legal", "http", "www", settings.SITE_NAME.lower()):
        assert word not in body


def test_we_say_who_we_are_only_when_allowed(settings):
    settings.SMS_SENDER_NAME = "Bay Area Turning Point"
    assert "Turning Point" not in render_sms(texts.CHECK_IN, language="en")
    assert "Turning Point" in render_sms(texts.CHECK_IN, language="en", may_identify=True)


def test_the_code_word_opens_the_text():
    assert render_sms(texts.CALL_OK, language="en", code_word=" Pecan ").startswith("Pecan: Is it safe")


def test_free_text_is_kept_as_written():
    body = render_sms(texts.FREE_TEXT, {"text": "Line one\nLine two (100% sure)"}, language="en")
    assert body == "Line one\nLine two (100% sure)"


def test_rendering_does_not_leak_the_language_into_the_caller():
    with translation.override("en"):
        render_sms(texts.CHECK_IN, language="ar")
        assert translation.get_language() == "en"
