"""Telling the on-call person that an urgent item is waiting: an email and/or a signed webhook POST.

Both leave the portal, so both say only "An urgent item is waiting at <organisation's short name>"
and link to the desk: no name, number, words or survivor id. Both are sent after the transaction
that raised the item commits, so a rolled-back request alerts nobody, and a failure here never
loses the item: it is on the desk (and its badge) whatever happens to the notice. Failures are
logged by the kind of error only.

The webhook body is JSON; `X-Portal-Signature: sha256=<hex>` is the HMAC-SHA256, keyed with
ONCALL_WEBHOOK_SECRET, of `<X-Portal-Timestamp>.<body>`, so a receiver can refuse forged and
replayed notices. It is posted from a background task and retried after ONCALL_WEBHOOK_RETRY_SECONDS.
"""

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from portal.directory.models import Organization

logger = logging.getLogger(__name__)

DEFAULT_SUBJECT = "Urgent help request waiting"


def short_name(organization_id):
    organization = Organization.objects.filter(pk=organization_id).only("name", "alternate_name").first()
    if organization is None:
        return None
    return organization.alternate_name or organization.name


def waiting_line(organization_id):
    name = short_name(organization_id) if organization_id else None
    return f"An urgent item is waiting at {name}." if name else "An urgent item is waiting in the shared queue."


def desk_url():
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("desk")


def notify(organization_id, subject=DEFAULT_SUBJECT, opening=""):
    """Registered with messaging (help_requests.register_on_call_notifier); runs after commit.

    A notice with words of its own (a duress alert, accounts.duress) names no organisation: outside
    the portal, "forced or watched, at <organisation>" narrows down who she may be."""
    line = "An urgent item is waiting." if opening else waiting_line(organization_id)
    if settings.ONCALL_EMAIL:
        send_email(subject, line, opening)
    if settings.ONCALL_WEBHOOK_URL:
        post_webhook.enqueue(line)


def send_email(subject, line, opening):
    body = "\n".join(part for part in (line, opening, f"Open the desk to take it: {desk_url()}") if part)
    try:
        send_mail(subject, body + "\n", None, [settings.ONCALL_EMAIL])
    except Exception as error:  # the item is saved and on the desk; only the notice is lost
        logger.error("on-call email failed: %s", type(error).__name__)


def signature(secret, timestamp, body):
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def webhook_request(line, now=None):
    if not settings.ONCALL_WEBHOOK_URL.startswith(("https://", "http://")):
        raise ValueError("ONCALL_WEBHOOK_URL must be an http(s) URL")
    timestamp = str(int(now if now is not None else time.time()))
    body = json.dumps({"text": line, "url": desk_url()}).encode()
    headers = {
        "Content-Type": "application/json",
        "X-Portal-Timestamp": timestamp,
        "X-Portal-Signature": signature(settings.ONCALL_WEBHOOK_SECRET, timestamp, body),
    }
    # The scheme is checked above, and web_opener has no handler for any other.
    return urllib.request.Request(settings.ONCALL_WEBHOOK_URL, data=body, headers=headers, method="POST")  # noqa: S310


def web_opener():
    """An opener that speaks http and https only, whatever the setting holds: no file:, ftp: or data:
    handler exists to be reached, and a redirect is not followed (the notice goes where it was set)."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        urllib.request.UnknownHandler(),  # any other scheme: URLError, caught and retried like a failure
    ):
        opener.add_handler(handler)
    return opener


@task()
def post_webhook(line: str) -> bool:
    """POST the notice; retried after each delay in ONCALL_WEBHOOK_RETRY_SECONDS. True once delivered."""
    delays = [0, *settings.ONCALL_WEBHOOK_RETRY_SECONDS]
    for attempt, delay in enumerate(delays, start=1):
        time.sleep(delay)
        try:
            request = webhook_request(line)
            with web_opener().open(request, timeout=settings.ONCALL_WEBHOOK_TIMEOUT) as response:
                if 200 <= response.status < 300:
                    return True
                failure = f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            failure = f"HTTP {error.code}"
        except (urllib.error.URLError, OSError, ValueError) as error:
            failure = type(error).__name__
        logger.warning("on-call webhook attempt %s of %s failed: %s", attempt, len(delays), failure)
    logger.error("on-call webhook gave up after %s attempts; the item waits on the desk", len(delays))
    return False
