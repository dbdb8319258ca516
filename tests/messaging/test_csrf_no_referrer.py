"""Forms work in real browsers despite `Referrer-Policy: no-referrer` (they send `Origin: null`)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
ANSWERS = {
    "phone": "713-555-0100",
    "kind": "talk",
    "language": "en",
    "time_zone": "America/Chicago",
    "safe_time": "any",
    "may_identify": "no",
}


def post_from(origin, fetch_site, with_token=True):
    client = Client(enforce_csrf_checks=True)
    client.get("/en/help/")
    token = client.cookies["csrftoken"].value if with_token else ""
    headers = {"HTTP_ORIGIN": origin}
    if fetch_site:
        headers["HTTP_SEC_FETCH_SITE"] = fetch_site
    return client.post("/en/help/", {**ANSWERS, "csrfmiddlewaretoken": token}, **headers)


def test_a_same_origin_form_post_with_a_hidden_origin_is_accepted():
    assert post_from("null", "same-origin").status_code == 302


@pytest.mark.parametrize(
    ("origin", "fetch_site", "with_token"),
    [
        ("null", "cross-site", True),  # a hidden origin from another site
        ("null", "same-site", True),  # a sibling subdomain is not us
        ("null", None, True),  # a browser that says nothing
        ("https://attacker.example", "cross-site", True),
        ("null", "same-origin", False),  # the token is still required
    ],
)
def test_everything_else_is_still_refused(origin, fetch_site, with_token):
    assert post_from(origin, fetch_site, with_token).status_code == 403
