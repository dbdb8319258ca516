"""No personal data reaches the logs, whatever a survivor, an advocate, a partner or Twilio does.

Every logger (root, django, wagtail, twilio, urllib3, django_tasks, portal.*) is opened up to DEBUG
for the whole run, whatever LOGGING in settings says: an operator chasing a problem may turn the
levels up, and that must not start writing survivors' numbers and words to disk. SQL is logged with
its parameters, as with DEBUG = True in development. The one exception is django.template, whose
DEBUG lines print whole template contexts: LOGGING pins it above DEBUG, and a test here checks that.

The main flows run end to end through the test client, with texts sent by the real twilio client
to a fake Twilio on loopback; then every captured line is searched for the phone numbers in every
common spelling, the names, the code words and what people typed.
"""

import logging
import re
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from portal.accounts.models import Membership, SurvivorProfile
from portal.checkins.models import CheckIn, CheckInPlan
from portal.core.phones import phone_index
from portal.demo.survivor import DEMO_SURVIVOR_PHONE, GOALS, SURVIVOR_STEPS
from portal.directory.models import Organization, Service
from portal.messaging.models import Contact, HelpRequest, InboundMessage, OutboundMessage
from portal.messaging.statuses import DeliveryStatus
from portal.plans.models import Goal, Plan
from portal.sharing.models import AccessEvent, CareTeamMember, Consent
from tests.accounts.builders import make_organization, make_staff, verified_admin_client
from tests.messaging.conftest import ACCOUNT_SID, AUTH_TOKEN, PUBLIC_BASE_URL, post_form, post_signed

pytestmark = pytest.mark.django_db

# The people in this story. 555-01xx numbers are reserved for fiction.
SURVIVOR_PHONE = "+17135550142"
SURVIVOR_NAME = "Marisol Quintanilla-Test"
SURVIVOR_CODE_WORD = "Tamarindo"
HELP_PHONE = "+18325550163"  # someone who asks for help on the public form, with no account
HELP_NAME = "Yesenia Arrellano-Test"
HELP_CODE_WORD = "Mariposa"
TEXT_ME_PHONE = "+12145550187"  # someone who asks for a service's details by text
DEMO_NAME = "Ana (demo)"
DEMO_CODE_WORD = "Girasol"
OTHER_NAME = "Ramiro Escobedo-Test"  # the person a survivor writes about

# What people typed, each with its own distinctive parts.
HELP_MESSAGE = f"Me llamo {HELP_NAME}. {OTHER_NAME} tiene mi pasaporte en 4411 Calle Ficticia."
TEXT_BODY = f"Soy {SURVIVOR_NAME}, {OTHER_NAME} me quito el telefono, estoy en 4411 Calle Ficticia"
URGENT_BODY = "SOS estoy con Ramiro en el motel Luna Falsa cuarto 12"
GOAL_TEXT = "Vivir lejos de Ramiro con mi hija Lupita Quintanilla-Test"
QUESTION = "Puede llamarme a las 3? Mi hermana Rosario Quintanilla-Test contesta si no puedo."
PURPOSE = "Ayuda legal para el caso de visa de Marisol"
ADVOCATE_REPLY = "Marisol, la cita con la abogada Lic. Oropeza-Test sigue el jueves."

TYPED = {
    "help form message": HELP_MESSAGE,
    "inbound text": TEXT_BODY,
    "urgent inbound text": URGENT_BODY,
    "goal proposal": GOAL_TEXT,
    "question to the advocate": QUESTION,
    "sharing purpose": PURPOSE,
    "advocate's reply": ADVOCATE_REPLY,
    "address in a message": "Calle Ficticia",
    "place in a message": "Luna Falsa",
    "other person's surname": "Escobedo",
    "daughter's name": "Lupita",
    "sister's name": "Rosario",
    "lawyer's name": "Oropeza",
}


def spellings(e164):
    """A US number as people and programs write it: E.164, digits, formatted, the last seven digits."""
    national = e164.removeprefix("+1")
    area, exchange, line = national[:3], national[3:6], national[6:]
    return {
        e164,
        e164[1:],
        national,
        f"({area}) {exchange}-{line}",
        f"({area}){exchange}-{line}",
        f"{area}-{exchange}-{line}",
        f"{area}.{exchange}.{line}",
        f"{area} {exchange} {line}",
        f"+1 {area} {exchange} {line}",
        f"+1-{area}-{exchange}-{line}",
        exchange + line,
        f"{exchange}-{line}",
    }


def personal_data():
    """Everything that must never be logged, as {what it is: the text to look for}."""
    needles = {}
    for who, phone in (
        ("survivor", SURVIVOR_PHONE),
        ("help seeker", HELP_PHONE),
        ("text-me visitor", TEXT_ME_PHONE),
        ("demo survivor", DEMO_SURVIVOR_PHONE),
    ):
        needles.update({f"{who}'s phone as {spelling!r}": spelling for spelling in spellings(phone)})
    for who, name in (("survivor", SURVIVOR_NAME), ("help seeker", HELP_NAME), ("other person", OTHER_NAME)):
        first, surname = name.split()
        needles.update({f"{who}'s name": name, f"{who}'s first name": first, f"{who}'s surname": surname})
    needles["demo survivor's name"] = DEMO_NAME
    needles.update({f"demo survivor's goal {number}": text for number, (text, _domain) in enumerate(GOALS)})
    needles["demo survivor's step"] = SURVIVOR_STEPS[0]
    needles["demo appointment"] = "Lic. Rivera"
    for who, word in (("survivor", SURVIVOR_CODE_WORD), ("help seeker", HELP_CODE_WORD), ("demo", DEMO_CODE_WORD)):
        needles[f"{who}'s code word"] = word
    needles.update(TYPED)
    return needles


# Django's SQL log lines carry how long each query took ("(0.001)", "duration=0.000924321..."). Those
# digits are the clock's, not anyone's data, and a short needle such as the last four digits of a phone
# would now and then be found inside them; they are left out of the search.
QUERY_TIMINGS = re.compile(r"""duration['"]?\s*[=:]\s*[0-9.e-]+|\(\d+\.\d+\)""")


def leaks(lines, needles):
    """(what, where) for every needle found in a captured line, ignoring case; `where` is the
    start of the line (level and logger) and the text around the find."""
    found = []
    for line in lines:
        line = QUERY_TIMINGS.sub(" ", line)
        folded = line.casefold()
        for what, needle in needles.items():
            at = folded.find(needle.casefold())
            if at >= 0:
                found.append((what, f"{line[:60]!r} ... {line[max(0, at - 150) : at + len(needle) + 50]!r}"))
    return found


# Attributes every LogRecord has; anything else was passed as `extra` (Django's request, for one),
# and a structured (JSON) formatter would write it out, so it is searched too.
STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class EveryRecord(logging.Handler):
    """Keeps each record as the text a formatter would write: message, traceback and extras."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        self.records = []
        self.lines = []

    def emit(self, record):
        self.records.append(record)
        try:
            text = self.format(record)
        except Exception:  # a broken format string still shows what it was given
            text = f"{record.levelname} {record.name} {record.msg!r} {record.args!r}"
        extras = " ".join(f"{key}={value!r}" for key, value in vars(record).items() if key not in STANDARD_ATTRIBUTES)
        self.lines.append(f"{text} {extras}".rstrip())

    @property
    def logger_names(self):
        return {record.name for record in self.records}


# Django's own diagnostics that print whole template contexts (rendered forms, rows of survivor
# data, the request with its query string): settings.LOGGING keeps them above DEBUG whatever the
# root level, and the last test here checks that it does. They are the only loggers left as
# LOGGING sets them.
KEPT_ABOVE_DEBUG_BY_SETTINGS = ("django.template",)


@contextmanager
def every_logger_at_debug():
    """Every record from every logger, at every level, reaches one handler on the root logger.

    LOGGING in settings raises some levels (twilio, django.request, wagtail, django_tasks) and
    Django stops some loggers from propagating (django.server): for the duration, every existing
    logger drops its level, filters and `propagate = False`, and logging.disable() is lifted.
    Loggers created meanwhile start at NOTSET and propagate, so they are caught too. All is put
    back afterwards. Only KEPT_ABOVE_DEBUG_BY_SETTINGS keep the level LOGGING gives them. The root
    logger's other handlers (the console, pytest's own) are set aside meanwhile.
    """
    handler = EveryRecord()
    root = logging.getLogger()
    manager = root.manager
    loggers = [root, *(item for item in list(manager.loggerDict.values()) if isinstance(item, logging.Logger))]
    saved = [(logger, logger.level, logger.propagate, logger.disabled, list(logger.filters)) for logger in loggers]
    saved_disable = manager.disable
    logging.disable(logging.NOTSET)
    for logger in loggers:
        if logger.name not in KEPT_ABOVE_DEBUG_BY_SETTINGS:
            logger.setLevel(logging.NOTSET)
        logger.propagate = True
        logger.disabled = False
        logger.filters = []
    others = list(root.handlers)  # so a failure shows the findings, not thousands of SQL lines
    for other in others:
        root.removeHandler(other)
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        for other in others:
            root.addHandler(other)
        for logger, level, propagate, disabled, filters in saved:
            logger.setLevel(level)
            logger.propagate = propagate
            logger.disabled = disabled
            logger.filters = filters
        logging.disable(saved_disable)


@contextmanager
def sql_logged():
    """Every SQL statement and its parameters logged (django.db.backends, DEBUG), as with DEBUG = True
    in development: what is stored encrypted must not show up in plain text on its way in or out."""
    saved = connection.force_debug_cursor
    connection.force_debug_cursor = True
    try:
        yield
    finally:
        connection.force_debug_cursor = saved


@pytest.fixture
def hermetic(settings, fake_twilio):
    """Texts go through the real twilio client to the fake Twilio; webhooks are signed with a known token."""
    settings.PUBLIC_BASE_URL = PUBLIC_BASE_URL
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.ONCALL_EMAIL = "oncall@example.org"
    settings.SURVIVOR_SIGN_IN_MIN_SECONDS = 0
    settings.SURVIVOR_OTP_THROTTLE_FACTOR = 0  # the typo below would otherwise make the right code wait
    cache.clear()
    yield fake_twilio
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a call and then what it left for after the commit: texts leave through the outbox task."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


def texts_to(fake_twilio, phone):
    return [request["form"] for request in fake_twilio.message_requests if request["form"].get("To") == phone]


# The flows, in the order a day at the portal might bring them.


def reseed_demo(committed):
    """Purge the demo survivor (closed long ago) and let `seed_demo` create them again, logged."""
    demo = SurvivorProfile.objects.get(contact__phone_index=phone_index(DEMO_SURVIVOR_PHONE))
    demo.close_case(when=timezone.now() - timedelta(days=settings.RETENTION_DAYS + 1))
    committed(call_command, "purge_closed_cases", stdout=StringIO())
    assert not SurvivorProfile.objects.filter(pk=demo.pk).exists()
    output = StringIO()
    committed(call_command, "seed_demo", stdout=output)
    printed = output.getvalue()
    demo = SurvivorProfile.objects.get(contact__phone_index=phone_index(DEMO_SURVIVOR_PHONE))
    assert demo.name == DEMO_NAME and DEMO_SURVIVOR_PHONE in printed
    assert CheckIn.objects.filter(plan__survivor=demo, status=CheckIn.Status.DUE).exists()
    return {
        "survivor": demo,
        "username": re.search(r"username:\s+(\S+)", printed).group(1),
        "password": re.search(r"password:\s+(\S+)", printed).group(1),
        "backup_code": re.search(r"backup code:\s+(\S+)", printed).group(1),
    }


def browse_anonymously(client):
    for url in ("/", "/en/", "/es/", "/ar/", "/en/services/", "/en/services/?q=shelter&zip=77002&open_now=1"):
        assert client.get(url, follow=True).status_code == 200, url
    service = Service.objects.filter(phones__isnull=False).order_by("name").first()
    assert client.get(f"/en/services/{service.pk}/").status_code == 200
    assert client.get("/api/hsds/services").status_code == 200
    assert client.get(f"/api/hsds/services/{service.pk}").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/en/no-such-page/").status_code == 404
    return service


def ask_for_help(committed, fake_twilio):
    client = Client()
    assert client.get("/en/help/").status_code == 200
    form = {
        "phone": "(832) 555-0163",
        "kind": HelpRequest.Kind.choices[0][0],
        "language": "es",
        "time_zone": "America/Chicago",
        "safe_time": "any",
        "may_identify": "no",
        "code_word": HELP_CODE_WORD,
        "message": HELP_MESSAGE,
    }
    assert client.post("/en/help/", {**form, "phone": "555-01"}).status_code == 400  # a typo: shown, not logged
    response = committed(client.post, "/en/help/", form)
    assert response.status_code == 302 and response["Location"].endswith("/help/sent/")
    assert client.get(response["Location"]).status_code == 200
    help_request = HelpRequest.objects.get(contact__phone_index=phone_index(HELP_PHONE))
    assert help_request.message == HELP_MESSAGE
    assert texts_to(fake_twilio, HELP_PHONE), "the confirmation was not sent through the twilio client"
    return help_request


def text_me(committed, service):
    client = Client()
    url = f"/en/services/{service.pk}/text-me/"
    assert client.get(url).status_code == 200
    assert committed(client.post, url, {"phone": "214-555-0187"}).status_code in (302, 303)
    assert OutboundMessage.objects.filter(contact__phone_index=phone_index(TEXT_ME_PHONE)).exists()


def advocate_signs_in(demo):
    client = Client()
    assert client.get("/admin/login/").status_code == 200
    response = client.post("/admin/login/", {"username": demo["username"], "password": demo["password"]})
    assert response.status_code == 302
    assert "/admin/second-factor/" in client.get("/admin/")["Location"]
    assert client.post("/admin/second-factor/", {"code": demo["backup_code"]}).status_code == 302
    assert client.get("/admin/").status_code == 200
    return client


def advocate_takes_in_the_survivor(advocate, committed, username):
    organization = Membership.objects.get(user__username=username).organization
    response = committed(
        advocate.post,
        "/admin/survivors/new/",
        {
            "organization": str(organization.pk),
            "name": SURVIVOR_NAME,
            "preferred_language": "es",
            "phone": "(713) 555-0142",
            "time_zone": "America/Chicago",
            "safe_time": "any",
            "code_word": SURVIVOR_CODE_WORD,
            "voicemail_ok": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    survivor = SurvivorProfile.objects.get(contact__phone_index=phone_index(SURVIVOR_PHONE))
    assert survivor.name == SURVIVOR_NAME
    plan = Plan.objects.get(survivor=survivor)
    Goal.objects.create(plan=plan, text="Encontrar un lugar seguro", domain=Goal.Domain.HOUSING)
    response = committed(
        advocate.post,
        "/admin/checkin-plans/new/",
        {
            "survivor": survivor.pk,
            "advocate": survivor.created_by_id,
            "frequency": "daily",
            "every_n_days": 1,
            "dates": "[]",
            "starts_on": timezone.localdate().isoformat(),
            "window_start": "00:00",
            "window_end": "00:00",
            "time_zone": "",
            "language": "",
            "use_code_word": "on",
            "grace_minutes": 240,
            "consent": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CheckInPlan.objects.filter(survivor=survivor).exists()
    return survivor


def advocate_reads_and_answers(advocate, committed, survivors, help_request):
    for survivor in survivors:
        plan = Plan.objects.filter(survivor=survivor).first()
        for url in (
            f"/admin/survivors/edit/{survivor.pk}/",
            f"/admin/plans/edit/{plan.pk}/",
            f"/admin/plans/timeline/{plan.pk}/",
            f"/admin/check-ins/survivor/{survivor.pk}/",
        ):
            assert advocate.get(url).status_code == 200, url
        assert survivor.name in advocate.get(f"/admin/survivors/edit/{survivor.pk}/").content.decode()
    for url in (
        "/admin/survivors/",
        "/admin/plans/",
        "/admin/help-requests/",
        "/admin/conversations/",
        "/admin/contacts/",
        "/admin/check-ins/today/",
        "/admin/survivors/?q=Marisol",
    ):
        assert advocate.get(url).status_code == 200, url
    thread = f"/admin/conversations/thread/{help_request.conversation_id}/"
    assert HELP_NAME in advocate.get(thread).content.decode()
    conversation = Contact.objects.for_phone(SURVIVOR_PHONE).conversations.order_by("-pk").first()
    thread = f"/admin/conversations/thread/{conversation.pk}/"
    assert committed(advocate.post, thread, {"action": "assign_me"}).status_code == 302
    reply = {"action": "reply", "template": "", "text": ADVOCATE_REPLY}
    assert committed(advocate.post, thread, reply).status_code == 302
    assert any("Oropeza" in message.body for message in OutboundMessage.objects.filter(conversation=conversation))


def last_code(fake_twilio):
    return re.search(r"\b(\d{6})\b", texts_to(fake_twilio, SURVIVOR_PHONE)[-1]["Body"]).group(1)


def survivor_signs_in(committed, fake_twilio):
    client = Client()
    assert client.get("/es/my/").status_code == 302
    assert client.get("/en/my/sign-in/").status_code == 200
    assert committed(client.post, "/en/my/sign-in/", {"phone": "713-555-0142"}).status_code == 303
    wrong = f"{(int(last_code(fake_twilio)) + 1) % 1000000:06d}"
    assert client.post("/en/my/sign-in/code/", {"code": wrong}).status_code == 400  # a typo first
    assert committed(client.post, "/en/my/sign-in/new-code/").status_code == 303
    code = last_code(fake_twilio)
    assert client.post("/en/my/sign-in/code/", {"code": code}).status_code == 303
    assert client.get("/en/my/sign-in/pin/").status_code == 200
    response = client.post("/en/my/sign-in/pin/", {"pin": "2580", "pin_again": "2580"})
    assert response.status_code == 303 and response["Location"] == "/en/my/"
    return client


def survivor_uses_the_area(me, committed, partner_org):
    for url in ("/en/my/", "/es/my/plan/", "/en/my/settings/", "/en/my/check-ins/", "/en/my/feedback/"):
        assert me.get(url).status_code == 200, url
    settings_form = {
        "language": "es",
        "time_zone": "America/Chicago",
        "safe_time": "any",
        "may_identify": "no",
        "voicemail_ok": "no",
        "code_word": SURVIVOR_CODE_WORD,
    }
    assert me.post("/en/my/settings/", settings_form).status_code == 303
    goal = {"text": GOAL_TEXT, "domain": ""}
    assert committed(me.post, "/en/my/goals/new/", goal).status_code == 303
    assert committed(me.post, "/en/my/ask/", {"message": QUESTION}).status_code == 303
    step = me.get("/en/my/plan/")
    assert step.status_code == 200 and "Lupita" in step.content.decode()
    assert committed(me.post, "/en/my/check-ins/", {"action": "pause"}).status_code == 303
    assert committed(me.post, "/en/my/check-ins/", {"action": "resume"}).status_code == 303

    assert me.get("/en/my/sharing/").status_code == 200
    grant = {
        "recipient": partner_org.pk,
        "categories": ["contact", "goals"],
        "purpose": PURPOSE,
        "ends_on": (timezone.localdate() + timedelta(days=60)).isoformat(),
    }
    assert me.post("/en/my/sharing/new/", {**grant, "step": "review"}).status_code == 200
    assert committed(me.post, "/en/my/sharing/new/", {**grant, "step": "confirm"}).status_code == 303
    assert Consent.objects.filter(survivor__contact__phone_index=phone_index(SURVIVOR_PHONE)).exists()


def partner_reads(partner, survivor):
    assert f"/admin/partners/{survivor.pk}/" in partner.get("/admin/partners/").content.decode()
    assert partner.get(f"/admin/partners/{survivor.pk}/").status_code == 200
    assert SURVIVOR_NAME in partner.get(f"/admin/partners/{survivor.pk}/contact/").content.decode()
    assert "Lupita" in partner.get(f"/admin/partners/{survivor.pk}/goals/").content.decode()
    assert partner.get(f"/admin/partners/{survivor.pk}/steps/").status_code == 404  # not shared: refused, logged
    assert AccessEvent.objects.filter(survivor=survivor).count() >= 3


def twilio_calls(committed, fake_twilio, client):
    """Texts in (keywords and free text), delivery reports, and calls that are not from Twilio."""
    sids = iter(f"SM{number:032d}" for number in range(1, 1000))

    def text_in(body, sender=SURVIVOR_PHONE):
        params = {
            "MessageSid": next(sids),
            "AccountSid": ACCOUNT_SID,
            "From": sender,
            "To": "+15125550199",
            "Body": body,
            "NumMedia": "0",
            "FromCity": "HOUSTON",
            "FromState": "TX",
            "FromZip": "77002",
        }
        response = committed(post_signed, client, "/sms/inbound/", params)
        assert response.status_code == 200, body
        return InboundMessage.objects.filter(message_sid=params["MessageSid"]).first()

    assert text_in("2").keyword.startswith("checkin")  # the answer to the check-in sent earlier: "call me"
    assert text_in(TEXT_BODY).body == TEXT_BODY
    text_in("HELP")  # the carrier's word: joins the conversation
    assert text_in(URGENT_BODY).keyword == "urgent_help"
    assert mail.outbox, "the on-call email was not sent"
    assert text_in("SHELTER 77002").keyword == "directory"
    assert text_in("STOP").keyword == "stop"
    assert Contact.objects.for_phone(SURVIVOR_PHONE).opted_out_at is not None
    assert text_in("START").keyword == "start"
    assert text_in("WRONG NUMBER", sender=TEXT_ME_PHONE).keyword == "wrong_number"
    assert text_in(f"Hola, soy {HELP_NAME}", sender=HELP_PHONE).conversation_id
    assert text_in("Hi there", sender="TWILIO") is None  # not a phone number: ignored

    forged = {"MessageSid": next(sids), "From": SURVIVOR_PHONE, "Body": TEXT_BODY}
    assert post_form(client, "/sms/inbound/", forged, HTTP_X_TWILIO_SIGNATURE="forged").status_code == 403
    assert post_form(client, "/sms/inbound/", forged).status_code == 403

    # Texts asked for outside safe hours wait for the morning: send them then, as the timer would.
    local_now = timezone.localtime()
    next_noon = (local_now + timedelta(hours=12)).replace(hour=12, minute=0, second=0, microsecond=0)
    with time_machine.travel(next_noon, tick=False):
        committed(call_command, "send_queued_sms", stdout=StringIO())
    sent = list(OutboundMessage.objects.filter(provider_sid__gt="").select_related("contact"))
    assert sent, "nothing was sent through the twilio client"
    reports = ["sent", "delivered", "undelivered", "failed"]
    for number, message in enumerate(sent):
        report = reports[number % len(reports)]
        params = {
            "MessageSid": message.provider_sid,
            "SmsSid": message.provider_sid,
            "AccountSid": ACCOUNT_SID,
            "MessageStatus": report,
            "SmsStatus": report,
            "To": message.contact.phone,
            "From": "+15125550199",
            "ApiVersion": "2010-04-01",
            **({"ErrorCode": "30003"} if report in ("undelivered", "failed") else {}),
        }
        assert committed(post_signed, client, "/sms/status/", params).status_code == 204
    assert OutboundMessage.objects.filter(status=DeliveryStatus.DELIVERED).exists()


def provider_trouble(committed, fake_twilio):
    """The outbox through the twilio client when the provider fails: retried, refused, opted out."""
    from portal.messaging import send_sms, texts

    contact = Contact.objects.for_phone(SURVIVOR_PHONE)
    fake_twilio.then("500", "400", "21610")
    for _number in range(3):
        committed(send_sms, contact, texts.FOLLOW_UP)
    committed(call_command, "send_queued_sms", stdout=StringIO())
    assert OutboundMessage.objects.filter(contact=contact, status=DeliveryStatus.FAILED).exists()
    assert Contact.objects.for_phone(SURVIVOR_PHONE).opted_out_at is not None


@pytest.fixture
def at_midday():
    """Texts wait for safe hours: the flows run at midday in Texas, whatever the hour of the run."""
    noon = datetime.combine(timezone.localdate(), time(12), tzinfo=ZoneInfo("America/Chicago"))
    with time_machine.travel(noon, tick=True):
        yield


def test_no_flow_writes_personal_data_to_the_logs(hermetic, committed, at_midday):
    fake_twilio = hermetic
    with every_logger_at_debug() as logs, sql_logged():
        logging.getLogger("portal.tests").debug("capture check: the handler is listening")

        demo = reseed_demo(committed)
        service = browse_anonymously(Client())
        help_request = ask_for_help(committed, fake_twilio)
        text_me(committed, service)

        advocate = advocate_signs_in(demo)
        survivor = advocate_takes_in_the_survivor(advocate, committed, demo["username"])
        committed(call_command, "dispatch_checkins", stdout=StringIO())
        assert texts_to(fake_twilio, DEMO_SURVIVOR_PHONE) and texts_to(fake_twilio, SURVIVOR_PHONE)
        assert CheckIn.objects.filter(plan__survivor=survivor, status=CheckIn.Status.SENT).exists()

        partner_org = make_organization("Partner Legal Aid Test")
        CareTeamMember.objects.create(survivor=survivor, organization=partner_org, role=CareTeamMember.Role.LEGAL)
        me = survivor_signs_in(committed, fake_twilio)
        survivor_uses_the_area(me, committed, partner_org)

        twilio_calls(committed, fake_twilio, Client())
        advocate_reads_and_answers(advocate, committed, [survivor, demo["survivor"]], help_request)

        partner = verified_admin_client(Client(), make_staff(partner_org, "partner-test", Membership.Role.PARTNER))
        partner_reads(partner, survivor)
        assert me.get("/en/my/activity/").status_code == 200

        provider_trouble(committed, fake_twilio)
        committed(call_command, "send_sharing_reminders", stdout=StringIO())
        assert me.post("/en/my/sign-out/").status_code == 303
        assert Client().get("/exit/").status_code == 303
        assert Organization.objects.filter(pk=survivor.organization_id).exists()

    # The capture saw the flows, including loggers LOGGING keeps quiet.
    assert any("capture check" in line for line in logs.lines)
    assert "twilio.http_client" in logs.logger_names, "the twilio client's own request log was not captured"
    assert any("Messages.json" in line for line in logs.lines if "twilio.http_client" in line)
    expected = {"django.request", "django.db.backends", "django_tasks", "urllib3.connectionpool"}
    expected |= {"portal.messaging.signatures", "portal.messaging.webhooks", "portal.messaging.outbox"}
    assert expected <= logs.logger_names, logs.logger_names
    assert len(fake_twilio.message_requests) >= 10

    found = leaks(logs.lines, personal_data())
    assert not found, "personal data in the logs:\n" + "\n".join(f"{what}: {where}" for what, where in found)


def test_the_capture_hears_every_logger_and_the_search_finds_every_spelling(hermetic):
    """The check above can fail: quiet loggers are heard, and a number in any spelling is found."""
    quiet = ["twilio.http_client", "django.request", "django.server", "wagtail", "django_tasks", "brand.new.logger"]
    with every_logger_at_debug() as logs:
        for name in quiet:
            logging.getLogger(name).debug("marker-%s", name)
        logging.getLogger("portal.messaging.outbox").info("sending to %s", "(713) 555-0142")
    assert {f"DEBUG {name} marker-{name}" for name in quiet} <= set(logs.lines)
    assert logging.getLogger("twilio").level == logging.WARNING  # put back as settings had it
    assert not logging.getLogger("django.server").propagate

    needles = personal_data()
    for spelling in spellings(SURVIVOR_PHONE):
        assert leaks([f"INFO x sent to {spelling} ok"], needles), spelling
    assert leaks(logs.lines, needles)
    assert leaks(["marisol quintanilla-test wrote"], needles)
    assert leaks([f"WARNING x {TEXT_BODY[5:40]}"], needles)
    assert not leaks(["INFO portal.messaging.outbox outbound message 12: submitted ()"], needles)


def test_template_context_dumps_stay_off_even_with_the_root_logger_at_debug(hermetic):
    """django.template at DEBUG prints whole contexts (rendered forms with names and numbers, partner
    rows, the request's query string); LOGGING pins it higher, so a root logger at DEBUG does not
    turn it on."""
    for name in KEPT_ABOVE_DEBUG_BY_SETTINGS:
        assert logging.getLevelName(settings.LOGGING["loggers"][name]["level"]) > logging.DEBUG
        with every_logger_at_debug() as logs:
            assert logging.getLogger().getEffectiveLevel() == logging.DEBUG
            assert logging.getLogger(name).getEffectiveLevel() > logging.DEBUG
            logging.getLogger(name).debug("Exception while resolving variable in %s", "(713) 555-0142")
        assert not logs.lines
