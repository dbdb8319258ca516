"""What the browser tests visit: every seeded page type, in every language."""

from tests.conftest import LANGUAGE_CODES

SEEDED_PATHS = [
    "/",
    "/get-help/",
    "/browse-safely/",
    "/rights/",
    "/training/",
    "/training/recognize-signs/",
    "/training/recognize-signs/common-signs/",
    "/training/trauma-informed-care/",
    "/services/",
    "/services/?category=housing&zip=77002",
    "/services/07f2fd94-6a9d-5626-abb6-28cac49dd003/",  # a confidential shelter in the demo directory
]
ONE_PATH_PER_PAGE_TYPE = [
    "/",
    "/get-help/",
    "/browse-safely/",
    "/training/recognize-signs/",
    "/training/recognize-signs/common-signs/",
    "/services/?category=housing&zip=77002",
    "/services/07f2fd94-6a9d-5626-abb6-28cac49dd003/",
]
LANGUAGES = LANGUAGE_CODES


def url(base_url, language, path):
    return f"{base_url}/{language}{path}"


def sign_in_to_admin(page, base_url, username, code, password="x" * 20):
    """A staff member signs in as a person does: username and password, then the code of a second factor.
    Returns on the first page after the code (the admin, or setting up an authenticator)."""
    page.goto(f"{base_url}/admin/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"{base_url}/admin/second-factor/**")
    page.locator("input[name=code]").fill(code)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(lambda current: not current.startswith(f"{base_url}/admin/second-factor/?"))


def staff_member_script(username, group):
    """Python for `server_shell`: a member of `group` with an authenticator app set up, who prints
    `CODE <a backup code>` to sign in with."""
    return f"""
from django.contrib.auth.models import Group, User
from django_otp.plugins.otp_totp.models import TOTPDevice
from portal.accounts.second_factor import issue_backup_codes
user, _ = User.objects.get_or_create(username={username!r})
user.set_password("x" * 20)
user.save()
user.groups.add(Group.objects.get(name={group!r}))
TOTPDevice.objects.get_or_create(user=user, name="authenticator", confirmed=True)
print("CODE", issue_backup_codes(user)[0])
"""
