"""A service page in every language: translated fields in that language, English marked as English,
phone numbers and ZIP codes left to right, hours in the language's own time format."""

import pytest
import time_machine

from tests.directory.builders import make_service

pytestmark = pytest.mark.usefixtures("empty_directory")
NOON_CENTRAL_TUESDAY = "2026-03-10 18:00:00+00:00"
OPENS = {"en": "9:00 AM", "es": "09:00", "vi": "09:00", "zh-hans": "09:00", "ar": "9:00 ص"}


@pytest.fixture
def service():
    service = make_service(
        name="Legal help", required_documents=[{"id": "d0c0ffee-0000-4000-8000-000000000001", "document": "Photo ID"}]
    )
    service.alert_es = "Cerrado el lunes."
    service.save()
    document = service.required_documents.get()
    document.document_es, document.document_vi, document.document_zh_hans, document.document_ar = (
        "Identificación con foto",
        "Giấy tờ tùy thân có ảnh",
        "带照片的证件",
        "هوية بصورة",
    )
    document.save()
    return service


@time_machine.travel(NOON_CENTRAL_TUESDAY, tick=False)
@pytest.mark.parametrize("language", ["en", "es", "vi", "zh-hans", "ar"])
def test_a_service_page_reads_in_its_language(client, service, language):
    html = client.get(f"/{language}/services/{service.pk}/").content.decode()
    assert '<bdi dir="ltr">713-555-0100</bdi>' in html
    assert '<bdi dir="ltr">77002</bdi>' in html
    assert OPENS[language] in html
    what_to_bring = service.required_documents.get()
    assert getattr(what_to_bring, f"document_{language.replace('-', '_')}") in html


@time_machine.travel(NOON_CENTRAL_TUESDAY, tick=False)
def test_english_shown_for_a_missing_translation_says_so(client, service):
    service.description_es = ""
    service.save()
    spanish = client.get(f"/es/services/{service.pk}/").content.decode()
    assert '<span lang="en" dir="ltr">Legal help for people who need it.</span> (en inglés)' in spanish
    assert "Cerrado el lunes." in spanish
    english = client.get(f"/en/services/{service.pk}/").content.decode()
    assert "(in English)" not in english
