"""Who sees what. Built from the URL patterns, so a page added later is covered without a new test."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.training import urls as training_urls
from portal.training.models import Certificate, Learner, TrainingOrganization
from portal.training.sign_in import SESSION_KEY
from tests.accounts.builders import verified_admin_client

from .helpers import course_pages

pytestmark = pytest.mark.django_db

PUBLIC = {"sign_in", "use_link", "verify", "sign_out", "webinars", "webinar"}
ARGUMENTS = {"certificate": {"code": "ABCDEFGHJK"}}


def learner_pages():
    return [pattern.name for pattern in training_urls.urlpatterns if pattern.name not in PUBLIC]


def make_learner(email, organization=None, coordinator=False, audience="schools", county="Travis"):
    return Learner.objects.create(
        email=email,
        name=email.split("@")[0],
        audience=audience,
        county=county,
        organization=organization,
        is_coordinator=coordinator,
    )


def signed_in(learner):
    client = Client()
    session = client.session
    session[SESSION_KEY] = learner.pk
    session.save()
    return client


def certify(learner):
    course, _lessons = course_pages()
    return Certificate.objects.create(learner=learner, course_id=course.pk, issued_at=timezone.now())


@pytest.mark.parametrize("name", learner_pages())
def test_every_learner_page_needs_a_signed_in_learner_and_is_never_cached(name, admin_client_verified):
    url = reverse(f"training:{name}", kwargs=ARGUMENTS.get(name))
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and anonymous.url == reverse("training:sign_in")
    # Staff accounts are not learner accounts either.
    assert admin_client_verified.get(url).status_code == 302
    response = signed_in(make_learner("someone@example.org")).get(url)
    assert "no-store" in response.get("Cache-Control", "") or response.status_code in (302, 404)


def test_a_learner_sees_only_their_own_certificate():
    mine, theirs = make_learner("mine@example.org"), make_learner("theirs@example.org")
    certificate = certify(theirs)
    url = reverse("training:certificate", kwargs={"code": certificate.code})
    assert signed_in(mine).get(url).status_code == 404
    assert signed_in(theirs).get(url).status_code == 200


def test_a_coordinator_sees_their_organisation_and_nobody_else():
    clinic = TrainingOrganization.objects.create(name="Clinic", county="Harris")
    school = TrainingOrganization.objects.create(name="School", county="Travis")
    coordinator = make_learner("lead@example.org", clinic, coordinator=True)
    nurse = make_learner("nurse-test@example.org", clinic)
    teacher = make_learner("teacher-test@example.org", school)
    certify(nurse)
    certify(teacher)
    body = signed_in(coordinator).get(reverse("training:organization")).content.decode()
    assert "nurse-test" in body and "teacher-test" not in body
    assert signed_in(nurse).get(reverse("training:organization")).status_code == 404


def test_the_coalition_counts_by_field_of_work_and_county_as_csv(admin_client_verified, django_user_model):
    certify(make_learner("a@example.org", audience="health-care", county="Harris"))
    certify(make_learner("b@example.org", audience="health-care", county="Harris"))
    certify(make_learner("c@example.org", audience="schools", county="El Paso"))
    response = admin_client_verified.get(reverse("training_report_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Field of work", "County", "Certificates"]
    assert ["Health care", "Harris", "2"] in rows and ["Schools", "El Paso", "1"] in rows
    assert not any("@" in cell for row in rows for cell in row)
    assert admin_client_verified.get(reverse("training_report")).status_code == 200


def test_staff_without_the_permission_get_no_report(client, django_user_model):
    user = django_user_model.objects.create_user("editor-only", "e@example.org", "x" * 20)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    staff = verified_admin_client(client, user)
    assert staff.get(reverse("training_report_csv")).status_code in (302, 403)  # the admin sends them home
    assert staff.get(reverse("training_report")).status_code in (302, 403)
    user.user_permissions.add(Permission.objects.get(codename="view_training_report"))
    user = django_user_model.objects.get(pk=user.pk)  # permissions are cached on the instance
    assert staff.get(reverse("training_report_csv")).status_code == 200


def test_training_pages_keep_the_safety_shell(settings):
    course, lessons = course_pages()
    for url in [course.url, lessons[0].url, reverse("training:sign_in"), reverse("training:verify")]:
        body = Client().get(url).content.decode()
        assert "data-quick-exit" in body, url
        assert f"<title>{settings.SITE_NAME}</title>" in body, url


def test_nobody_adds_a_learner_in_the_admin(admin_client_verified):
    response = admin_client_verified.get(reverse("wagtailsnippets_training_learner:add"))
    assert response.status_code in (302, 403)
    learner = make_learner("edit-me@example.org")
    assert (
        admin_client_verified.get(reverse("wagtailsnippets_training_learner:edit", args=[learner.pk])).status_code
        == 200
    )
