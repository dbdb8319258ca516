"""A service page in every language: translated fields in that language, English marked as English,
phone numbers and ZIP codes left to right, hours in the language's own time format."""

import pytest
import time_machine
from django.utils.html import escape
from modeltranslation.utils import build_localized_fieldname

from tests.conftest import LANGUAGE_CODES, TRANSLATED_LANGUAGE_CODES
from tests.directory.builders import make_service

pytestmark = pytest.mark.usefixtures("empty_directory")
NOON_CENTRAL_TUESDAY = "2026-03-10 18:00:00+00:00"
# Every language of settings needs its line here: a new language's hours and words are checked at once.
OPENS = {
    "en": "9:00 AM",
    "es": "09:00",
    "vi": "09:00",
    "zh-hans": "09:00",
    "ar": "9:00 ص",
    "fr": "09:00",
    "pt-br": "09:00",
    "ko": "오전 9:00",
    "zh-hant": "09:00",
    "tl": "9:00 AM",
    "hi": "09:00",
    "ur": "9:00 صبح",
}
PHOTO_ID = {
    "es": "Identificación con foto",
    "vi": "Giấy tờ tùy thân có ảnh",
    "zh-hans": "带照片的证件",
    "ar": "هوية بصورة",
    "fr": "Pièce d'identité avec photo",
    "pt-br": "Documento com foto",
    "ko": "사진 있는 신분증",
    "zh-hant": "有照片的身分證件",
    "tl": "ID na may larawan",
    "hi": "फ़ोटो ID",
    "ur": "تصویر والی ID",
}


@pytest.fixture
def service():
    service = make_service(
        name="Legal help", required_documents=[{"id": "d0c0ffee-0000-4000-8000-000000000001", "document": "Photo ID"}]
    )
    service.alert_es = "Cerrado el lunes."
    service.save()
    document = service.required_documents.get()
    for language in TRANSLATED_LANGUAGE_CODES:
        setattr(document, build_localized_fieldname("document", language), PHOTO_ID[language])
    document.save()
    return service


@time_machine.travel(NOON_CENTRAL_TUESDAY, tick=False)
@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_a_service_page_reads_in_its_language(client, service, language):
    html = client.get(f"/{language}/services/{service.pk}/").content.decode()
    assert '<bdi dir="ltr">713-555-0100</bdi>' in html
    assert '<bdi dir="ltr">77002</bdi>' in html
    assert OPENS[language] in html
    what_to_bring = service.required_documents.get()
    assert escape(getattr(what_to_bring, f"document_{language.replace('-', '_')}")) in html


@time_machine.travel(NOON_CENTRAL_TUESDAY, tick=False)
def test_english_shown_for_a_missing_translation_says_so(client, service):
    service.description_es = ""
    service.save()
    spanish = client.get(f"/es/services/{service.pk}/").content.decode()
    assert '<span lang="en" dir="ltr">Legal help for people who need it.</span> (en inglés)' in spanish
    assert "Cerrado el lunes." in spanish
    english = client.get(f"/en/services/{service.pk}/").content.decode()
    assert "(in English)" not in english
