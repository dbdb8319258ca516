import pytest
from django.conf import settings
from django.core.management import call_command

from portal.core.directions import is_right_to_left
from tests.clock import seeding_time

# Every language the portal speaks, read from settings: a language added there is tested at once.
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
TRANSLATED_LANGUAGE_CODES = [code for code in LANGUAGE_CODES if code != settings.LANGUAGE_CODE]
RTL_LANGUAGES = {code for code in LANGUAGE_CODES if is_right_to_left(code)}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, pytestconfig):
    """Build the demo site once for the whole run; each test rolls back its own changes."""
    with django_db_blocker.unblock(), seeding_time(pytestconfig):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def seeded_pages(db):
    from wagtail.models import Page

    return list(Page.objects.live().filter(depth__gte=2).specific().order_by("path"))


@pytest.fixture
def admin_client_verified(client, django_user_model):
    """A superuser who has passed the second factor, as the admin requires."""
    from portal.accounts.second_factor import issue_backup_codes

    user = django_user_model.objects.create_superuser("root-admin", "root@example.org", "x" * 20)
    code = issue_backup_codes(user)[0]
    client.force_login(user)
    assert client.post("/admin/second-factor/", {"code": code}).status_code == 302
    client.user = user
    return client


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in English: a request to /es/... leaves Spanish active in the thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_chrome():
    """Each test starts as a new process would: every test's changes roll back, and with them the
    publish count that the chrome this process holds is checked against."""
    from portal.core import page_cache

    page_cache._remembered.clear()
    yield
    page_cache._remembered.clear()
