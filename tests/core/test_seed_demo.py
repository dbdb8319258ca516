import io

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def row_counts():
    # Unmanaged models (django_rq's dashboard) have no table to count.
    return {model._meta.label: model.objects.count() for model in apps.get_models() if model._meta.managed}


def test_second_run_changes_nothing():
    before = row_counts()
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    assert row_counts() == before
    assert "Pages created: 0" in output.getvalue()


def test_prints_the_demo_advocate_sign_in(client):
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    text = output.getvalue()
    username = text.split("username:")[1].split()[0]
    password = text.split("password:")[1].split()[0]
    code = text.split("backup code:")[1].split()[0]
    client.post("/admin/login/", {"username": username, "password": password})
    response = client.post("/admin/second-factor/", {"code": code})
    assert response.status_code == 302
    assert client.get("/admin/pages/").status_code == 200


def test_refuses_to_run_where_demo_accounts_are_not_allowed(settings):
    from django.core.management.base import CommandError

    settings.DEMO_SEEDING_ALLOWED = False
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=io.StringIO())
