"""Forced to sign in: on a small phone, in every language, a survivor signs in with her second PIN.

She sees the stand-in area; each of its pages has the same structure, words, headers and cookies as
the same page of a real account of the same shape, and differs only in the plan's own text (her
goals and steps). Her organisation has an urgent duress item; her phone got nothing but the code.
"""

import json
import re
import time

import pytest

from tests.browser.site import LANGUAGES
from tests.browser.test_accessibility import assert_no_wcag_violations
from tests.browser.test_help_form import label, texts_to

PIN, SECOND_PIN = "2580", "7139"
# One number per language: each sign-in asks for a code, and codes per number are limited.
PHONES = {language: f"+1512555{4100 + number:04d}" for number, language in enumerate(LANGUAGES)}
PAGES = [
    "/my/",
    "/my/plan/",
    "/my/goals/new/",
    "/my/ask/",
    "/my/settings/",
    "/my/check-ins/",
    "/my/sharing/",
    "/my/sharing/new/",
    "/my/activity/",
    "/my/feedback/",
    "/my/delete/",
    "/my/settings/second-pin/about/",
]
# Different on every answer, whoever is signed in.
VARYING_HEADERS = {"date", "expires", "content-length", "set-cookie", "content-security-policy"}

# The page as a list of (tag, attributes, text): the plan's own words (marked dir="auto") and
# per-answer secrets (CSRF tokens, nonces) are masked, and ids in attributes become "#".
PAGE_SHAPE = """() => {
  const shape = [];
  const walk = (node, masked) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node.textContent.trim();
      if (text) shape.push(masked ? "(plan text)" : text);
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const attributes = [...node.attributes].map((attribute) => {
      const secret = attribute.name === "nonce" || (attribute.name === "value" && node.name === "csrfmiddlewaretoken");
      return `${attribute.name}=${secret ? "*" : attribute.value.replace(/\\d+/g, "#")}`;
    });
    shape.push(`<${node.tagName} ${attributes.sort().join(" ")}>`);
    const inPlanText = masked || node.getAttribute("dir") === "auto";
    for (const child of node.childNodes) walk(child, inPlanText);
  };
  walk(document.documentElement, false);
  return shape;
}"""

SET_UP = """
from datetime import time
from portal.accounts.models import SurvivorProfile
from portal.directory.models import Organization
from portal.messaging.models import Contact
from portal.plans.models import Goal, Plan, Step

organization, _ = Organization.objects.get_or_create(name="Duress Test Advocates")
for language, phone in {phones}.items():
    contact, _ = Contact.objects.get_or_create_for_phone(phone, language=language)
    profile, created = SurvivorProfile.objects.get_or_create(
        contact=contact, defaults=dict(organization=organization, name="Duress test", preferred_language=language)
    )
    if created:
        profile.set_pin("{pin}")
        profile.set_duress_pin("{second_pin}")
        plan = Plan.objects.create(survivor=profile)
        Goal.objects.create(plan=plan, text="Find a lawyer for my visa", domain=Goal.Domain.EDUCATION)
        for text in ("Call the lawyer", "Bring my papers", "Open a bank account", "See the doctor"):
            Step.objects.create(plan=plan, text=text, who=Step.Who.SURVIVOR)
"""

REAL_SESSION = """
import time
from django.contrib.sessions.backends.db import SessionStore
from portal.accounts.models import SurvivorProfile
from portal.core.phones import phone_index

profile = SurvivorProfile.objects.get(contact__phone_index=phone_index("{phone}"))
session = SessionStore()
session["survivor"] = {{"id": profile.pk, "epoch": profile.session_epoch, "seen": int(time.time()), "duress": False}}
session.create()
print(session.session_key)
"""

ALERTS = """
import json
from portal.accounts.models import DuressSignal
from portal.core.phones import phone_index
signals = DuressSignal.objects.filter(survivor__contact__phone_index=phone_index("{phone}"))
print(json.dumps([[signal.source, signal.help_request.kind, signal.help_request.urgent] for signal in signals]))
"""


@pytest.fixture(scope="module")
def survivors(server_shell):
    server_shell(SET_UP.format(phones=PHONES, pin=PIN, second_pin=SECOND_PIN))
    return PHONES


def new_code(sms_folder, phone, seen, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        texts = texts_to(sms_folder, phone, timeout=0)
        if len(texts) > seen or time.monotonic() > deadline:
            assert len(texts) > seen, "the server sent no code"
            return re.search(r"(?<!\d)(\d{6})(?!\d)", texts[-1]["body"]).group(1)
        time.sleep(0.1)


def sign_in(page, base, sms_folder, language, phone, pin):
    """As she does: her number, the texted code, then a PIN. Returns the PIN step's answer."""
    page.goto(f"{base}/{language}/my/sign-in/")
    seen = len(texts_to(sms_folder, phone, timeout=0))
    page.get_by_label(label(language, "Your phone number")).fill(phone[2:])
    page.get_by_role("button", name=label(language, "Text me a code")).click()
    page.wait_for_url(f"{base}/{language}/my/sign-in/code/")
    page.get_by_label(label(language, "Code from the text")).fill(new_code(sms_folder, phone, seen))
    page.get_by_role("button", name=label(language, "Next"), exact=True).click()
    page.wait_for_url(f"{base}/{language}/my/sign-in/pin/")
    page.get_by_label(label(language, "Your PIN")).fill(pin)
    with page.expect_response(lambda response: response.url.endswith("/my/sign-in/pin/")) as answer:
        page.get_by_role("button", name=label(language, "Sign in"), exact=True).click()
    page.wait_for_url(f"{base}/{language}/my/")
    return answer.value


def visit(page, base, language):
    """Every compared page: its shape, and the headers that say anything about the session."""
    seen = {}
    for path in PAGES:
        response = page.goto(f"{base}/{language}{path}")
        assert response.status == 200, path
        headers = {name: value for name, value in response.all_headers().items() if name not in VARYING_HEADERS}
        seen[path] = {"shape": page.evaluate(PAGE_SHAPE), "headers": headers}
    return seen


def first_difference(real, stand_in):
    for index, (one, other) in enumerate(zip(real, stand_in, strict=False)):
        if one != other:
            return f"at {index}: real {one!r} / stand-in {other!r}"
    return f"lengths {len(real)} / {len(stand_in)}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_second_pin_opens_a_stand_in_that_only_the_plan_text_tells_apart(
    chromium, portal_server, sms_folder, server_shell, survivors, language
):
    phone = survivors[language]
    context = chromium.new_context(viewport={"width": 320, "height": 640}, device_scale_factor=2, has_touch=True)
    try:
        page = context.new_page()
        answer = sign_in(page, portal_server, sms_folder, language, phone, SECOND_PIN)
        assert answer.status == 303
        cookies_after_duress = sorted(cookie["name"] for cookie in context.cookies())
        assert page.title() == "Community Resources"
        stand_in = visit(page, portal_server, language)
        page.goto(f"{portal_server}/{language}/my/plan/")
        plan_text = page.locator("main").inner_text()
        assert label(language, "Renew my library card") in plan_text
        for real in ("Find a lawyer", "Call the lawyer", "Bring my papers"):
            assert real not in plan_text
        assert_no_wcag_violations(page)
        page.goto(f"{portal_server}/{language}/my/settings/second-pin/about/")
        assert_no_wcag_violations(page)
    finally:
        context.close()

    output = server_shell(ALERTS.format(phone=phone))
    assert json.loads(output.strip().splitlines()[-1]) == [["sign_in", "duress", True]], output
    assert all("code" in sms["body"].lower() or re.search(r"\d{6}", sms["body"]) for sms in texts_to(sms_folder, phone))

    # The same account opened with her real PIN (a session made on the server: one code per sign-in
    # is all a number may ask for so often), page by page.
    context = chromium.new_context(viewport={"width": 320, "height": 640}, device_scale_factor=2, has_touch=True)
    try:
        key = server_shell(REAL_SESSION.format(phone=phone)).strip().splitlines()[-1]
        context.add_cookies([{"name": "sessionid", "value": key, "url": portal_server}])
        real = visit(context.new_page(), portal_server, language)
    finally:
        context.close()
    assert stand_in["/my/plan/"]["shape"].count("(plan text)") == 5  # her goal and four steps, masked
    for path in PAGES:
        assert real[path]["headers"] == stand_in[path]["headers"], path
        difference = first_difference(real[path]["shape"], stand_in[path]["shape"])
        assert real[path]["shape"] == stand_in[path]["shape"], f"{path}: {difference}"
    assert cookies_after_duress == ["csrftoken", "sessionid"]


def test_the_real_pin_and_the_second_pin_answer_alike(chromium, portal_server, sms_folder, survivors):
    """The answer to the PIN step: same status, same headers, same cookie names, either PIN."""
    phone = survivors["en"]
    answers = {}
    for pin in (PIN, SECOND_PIN):
        context = chromium.new_context(viewport={"width": 320, "height": 640})
        try:
            response = sign_in(context.new_page(), portal_server, sms_folder, "en", phone, pin)
            headers = response.all_headers()
            answers[pin] = (
                response.status,
                headers["location"],
                sorted(name for name in headers if name not in VARYING_HEADERS),
                sorted(cookie["name"] for cookie in context.cookies()),
            )
        finally:
            context.close()
    assert answers[PIN] == answers[SECOND_PIN]
