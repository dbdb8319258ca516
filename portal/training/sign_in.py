"""Sign-in by a link sent by email: no password to forget, reuse or leak.

A link works once and for LINK_MINUTES. The token goes into the email and nowhere else: the
database keeps its SHA-256, the link's page moves it into a form (so a mail scanner that opens the
link does not use it up) and nothing here logs it. The answer to "send me a link" is the same
whether or not the address is known.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Learner, SignInLink, email_index

LINK_MINUTES = 30
SESSION_KEY = "training_learner_id"


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def send_sign_in_link(email):
    """Email a fresh link, making the learner's account on first use of an address."""
    learner = Learner.objects.filter(email_index=email_index(email)).first()
    if learner is None:
        learner = Learner.objects.create(email=email.strip())
    token = secrets.token_urlsafe(32)
    SignInLink.objects.create(
        learner=learner, token_hash=_hash(token), expires_at=timezone.now() + timedelta(minutes=LINK_MINUTES)
    )
    link = settings.PUBLIC_BASE_URL.rstrip("/") + reverse("training:use_link") + "?" + f"token={token}"
    body = render_to_string("training/sign_in_email.txt", {"link": link, "minutes": LINK_MINUTES})
    send_mail(_("Your sign-in link for training"), body, None, [learner.email])


@transaction.atomic
def use_link(token):
    """The learner the token signs in, once; None for a used, expired or unknown token."""
    link = (
        SignInLink.objects.select_for_update()
        .filter(token_hash=_hash(token or ""), used_at__isnull=True, expires_at__gt=timezone.now())
        .select_related("learner")
        .first()
    )
    if link is None:
        return None
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    return link.learner


def sign_in(request, learner):
    request.session.cycle_key()
    request.session[SESSION_KEY] = learner.pk


def current_learner(request):
    learner_id = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    return Learner.objects.filter(pk=learner_id).select_related("organization").first() if learner_id else None


def sign_out(request):
    request.session.pop(SESSION_KEY, None)
