"""Adding a partner agency's user in one form: the account, a partner membership, one backup code."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation
from django_otp.plugins.otp_static.models import StaticToken
from wagtail.models import ModelLogEntry

from portal.accounts.models import Membership
from portal.accounts.partner_users import PartnerUserForm, organizations_for
from portal.directory.models import Organization
from tests.accounts.builders import make_organization, make_staff, verified_admin_client

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/partner-users/add/"


@pytest.fixture
def organization():
    return make_organization("Harbor Light Advocates")


@pytest.fixture
def elsewhere():
    return make_organization("Other Shelter")


@pytest.fixture
def supervisor(organization):
    return make_staff(organization, "sam", role=Membership.Role.SUPERVISOR)


def form_data(organization, **changes):
    return {
        "username": "pat.partner",
        "first_name": "Pat",
        "last_name": "Rivera",
        "email": "pat@partner.example",
        "organization": organization.pk,
        **changes,
    }


def test_a_supervisor_adds_a_partner_user_who_can_then_sign_in(client, supervisor, organization):
    verified_admin_client(client, supervisor)
    assert client.get(ADD_URL).status_code == 200
    response = client.post(ADD_URL, form_data(organization))
    assert response.status_code == 200

    partner = User.objects.get(username="pat.partner")
    assert (partner.first_name, partner.last_name, partner.email) == ("Pat", "Rivera", "pat@partner.example")
    assert list(partner.memberships.values_list("organization", "role")) == [(organization.pk, "partner")]
    # Nothing a partner does not need: no group, no staff flag, one permission to reach the admin.
    assert not partner.groups.exists() and not partner.is_staff and not partner.is_superuser
    assert [p.codename for p in partner.user_permissions.all()] == ["access_admin"]
    [code] = StaticToken.objects.filter(device__user=partner).values_list("token", flat=True)
    assert code.encode() in response.content
    password = response.content.split(b"data-password>")[1].split(b"<")[0].decode()
    assert partner.check_password(password)

    # What she is handed is enough: password, then the code, then setting up her authenticator.
    partner_client = Client()
    assert partner_client.post("/admin/login/", {"username": "pat.partner", "password": password}).status_code == 302
    response = partner_client.post("/admin/second-factor/", {"code": code})
    assert response["Location"].startswith("/admin/second-factor/setup/")
    assert partner_client.get("/admin/partners/").status_code == 200
    assert partner_client.get("/admin/survivors/").status_code != 200
    assert not StaticToken.objects.filter(device__user=partner).exists()  # the code worked once
    entry = ModelLogEntry.objects.get(action="wagtail.create", object_id=str(partner.pk))
    assert entry.user == supervisor and password not in str(entry.data) and code not in str(entry.data)


def test_bad_input_is_shown_again_with_every_value_kept(client, supervisor, organization):
    verified_admin_client(client, supervisor)
    response = client.post(ADD_URL, form_data(organization, first_name="", email="not-an-email"))
    assert response.status_code == 200
    assert b'value="pat.partner"' in response.content and b'value="Rivera"' in response.content
    assert b'value="not-an-email"' in response.content
    assert not User.objects.filter(username="pat.partner").exists()


def test_errors_are_translated(supervisor, organization):
    make_staff(organization, "taken")
    with translation.override("es"):
        form = PartnerUserForm(form_data(organization, username="TAKEN", email="x"), actor=supervisor)
        assert not form.is_valid()
        assert form.errors["username"] == ["Ese nombre de usuario ya está en uso. Elija otro."]
        assert "correo" in form.errors["email"][0].lower()


def test_a_username_already_taken_is_a_form_error(client, supervisor, organization):
    verified_admin_client(client, supervisor)
    response = client.post(ADD_URL, form_data(organization, username="SAM"))
    assert response.status_code == 200
    assert b"That username is taken" in response.content
    assert User.objects.filter(username__iexact="sam").count() == 1


def test_an_advocate_cannot_add_partner_users(client, organization):
    advocate = make_staff(organization, "ana")
    verified_admin_client(client, advocate)
    assert client.get(ADD_URL).status_code == 404
    assert client.post(ADD_URL, form_data(organization)).status_code == 404
    assert not User.objects.filter(username="pat.partner").exists()


def test_a_supervisor_cannot_add_a_user_to_another_organisation(client, supervisor, elsewhere):
    verified_admin_client(client, supervisor)
    assert elsewhere.name.encode() not in client.get(ADD_URL).content
    response = client.post(ADD_URL, form_data(elsewhere))
    assert response.status_code == 200 and b"error" in response.content
    assert not User.objects.filter(username="pat.partner").exists()
    assert not Membership.objects.filter(organization=elsewhere).exists()


def test_a_superuser_picks_the_organisation(client, organization, elsewhere):
    root = User.objects.create_superuser("root", "root@example.org", "x" * 20)
    verified_admin_client(client, root)
    client.post(ADD_URL, form_data(elsewhere))
    membership = Membership.objects.get(user__username="pat.partner")
    assert (membership.organization, membership.role) == (elsewhere, Membership.Role.PARTNER)


@pytest.mark.parametrize("is_superuser", [False, True])
@pytest.mark.parametrize("role", [None, *Membership.Role])
def test_who_may_add_partner_users_where(role, is_superuser, organization, elsewhere):
    """Every role, against the rule stated plainly: a supervisor, to their own organisation; a
    superuser, to any. The form offers exactly these, and the page opens only if there is one."""
    actor = make_staff(organization if role else None, "actor", role=role or Membership.Role.ADVOCATE)
    actor.is_superuser = is_superuser
    actor.save()
    if is_superuser:
        expected = set(Organization.objects.all())  # the directory's too
    elif role == Membership.Role.SUPERVISOR:
        expected = {organization}
    else:
        expected = set()
    assert set(organizations_for(actor)) == expected
    assert set(PartnerUserForm(actor=actor).fields["organization"].queryset) == expected
