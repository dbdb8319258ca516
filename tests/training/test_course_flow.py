"""A course taken end to end through the test client, in English and in Spanish: sign in by email link,
give the name for the certificate, pass each lesson's check, get the certificate, verify it publicly."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from content.models import TrainingPage
from portal.training.models import Certificate, Learner, email_index

from .helpers import course_pages, right_answers, sign_in_by_email

pytestmark = pytest.mark.django_db

COURSE_TITLES = {"en": "Recognizing the signs", "es": "Cómo reconocer las señales"}
CERTIFICATE_WORDS = {"en": "Certificate of completion", "es": "Certificado"}
VERIFIED_WORDS = {"en": "This certificate is real.", "es": "Este certificado es real."}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_course_end_to_end(language):
    client = Client()
    address = f"learner-{language}@example.org"
    course, lessons = course_pages()
    assert len(lessons) == 2

    page = client.get(f"/{language}/training/recognize-signs/")
    assert COURSE_TITLES[language] in page.content.decode()
    assert "data-quick-exit" in page.content.decode()

    _token, signed_in = sign_in_by_email(client, language, address)
    assert signed_in.status_code == 302 and signed_in.url.endswith("/learn/me/details/")
    details = client.post(
        f"/{language}/learn/me/details/",
        {"name": "Dana Ortiz-Test", "audience": "health-care", "county": " harris county "},
    )
    assert details.status_code == 302
    learner = Learner.objects.get(email_index=email_index(address))
    assert learner.county == "Harris"

    with translation.override(language):
        urls = [lesson.url for lesson in lessons]
    wrong = {key: str(1 - int(value)) for key, value in right_answers(lessons[0]).items()}
    retry = client.post(urls[0], wrong)
    assert retry.status_code == 200 and 'data-result="wrong"' in retry.content.decode()
    assert not Certificate.objects.filter(learner=learner).exists()

    first = client.post(urls[0], right_answers(lessons[0]))
    assert first.status_code == 302 and first.url == urls[1]
    last = client.post(urls[1], right_answers(lessons[1]))
    certificate = Certificate.objects.get(learner=learner, course_id=course.pk)
    assert last.status_code == 302 and last.url == f"/{language}/learn/me/certificates/{certificate.code}/"

    shown = client.get(last.url).content.decode()
    assert CERTIFICATE_WORDS[language] in shown and "Dana Ortiz-Test" in shown and certificate.code in shown
    assert COURSE_TITLES[language] in shown

    stranger = Client()
    verified = stranger.get(f"/{language}/learn/verify/", {"code": certificate.code.lower()})
    body = verified.content.decode()
    assert VERIFIED_WORDS[language] in body and "Dana Ortiz-Test" in body
    unknown = stranger.get(f"/{language}/learn/verify/", {"code": "ZZZZZZZZZZ"})
    assert "data-verified" not in unknown.content.decode() and 'role="alert"' in unknown.content.decode()
    # Someone else's certificate page stays private even with its code.
    assert stranger.get(last.url).status_code == 302


def test_the_seeded_course_is_complete_in_every_language():
    course = TrainingPage.objects.get(slug="recognize-signs")
    assert len(course.languages()) == len(settings.LANGUAGES)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            assert course.objective_list()
            for lesson in course.lessons():
                assert lesson.title and lesson.body and len(lesson.questions()) >= 2, (code, lesson.slug)
                for question in lesson.questions():
                    assert 0 <= question["correct"] < len(question["choices"])
