"""Who is signed in to the survivor area, and the one place that decides it.

Why survivors are not Django users: a survivor's session holds only their profile id (and
the profile's session epoch) under its own session key. `request.user` stays anonymous for
them, so no Django or Wagtail permission check, group, `is_staff` flag or admin view can ever
be satisfied by a survivor session, whatever goes wrong in a group assignment; and staff
authentication (password, TOTP, StaffSecondFactorMiddleware) never has survivors in its tables.
A staff member signed in to the admin in the same browser is not a survivor either: the two
identities live under different keys and neither grants the other anything.

The session key is rotated at sign-in (`cycle_key`); sessions end after 15 minutes idle
(SESSION_COOKIE_AGE, renewed at most every SESSION_REFRESH_SECONDS, and checked here too, so a
session store that ignores expiry still times out); "sign out everywhere" raises the profile's epoch so every
other session holding the old one ends on its next request; quick exit flushes the session.
"""

import time
from functools import wraps

from django.conf import settings
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import reverse

from . import duress as duress_module
from .models import DuressSignal, SurvivorProfile

SESSION_KEY = "survivor"


def sign_in(request, profile, duress=False):
    """Start a survivor session: a new session key, so a key planted before sign-in is worthless.

    A sign-in with her second PIN is the same session with the duress flag set (kept only on the
    server: the cookie is the same random key), and raises the silent alert (duress.py)."""
    request.session.cycle_key()
    request.session.pop("sign_in", None)
    request.session[SESSION_KEY] = {
        "id": profile.pk,
        "epoch": profile.session_epoch,
        "seen": int(time.time()),
        "duress": bool(duress),
    }
    request.survivor = profile
    if duress:
        duress_module.raise_duress_alert(profile, DuressSignal.Source.SIGN_IN)


def sign_out(request):
    request.session.flush()
    request.survivor = None


def sign_out_everywhere(request, profile):
    profile.end_all_sessions()
    sign_out(request)


def current_survivor(request):
    """The signed-in survivor's profile, or None. Ends a session that is idle, stale or closed."""
    if hasattr(request, "survivor"):
        return request.survivor
    request.survivor = None
    data = request.session.get(SESSION_KEY)
    if not data:
        return None
    now = int(time.time())
    if now - int(data.get("seen", 0)) > settings.SESSION_COOKIE_AGE:
        sign_out(request)
        return None
    profile = SurvivorProfile.objects.select_related("contact").filter(pk=data.get("id")).first()
    if profile is None or profile.session_epoch != data.get("epoch") or not profile.may_sign_in:
        sign_out(request)
        return None
    # Written only when older than the refresh interval: an unchanged session is not saved.
    if now - data["seen"] >= settings.SESSION_REFRESH_SECONDS:
        request.session[SESSION_KEY] = {**data, "seen": now}
    request.survivor = profile
    return profile


def in_duress(request):
    """True in a session opened with the second PIN: then no real data is read or written."""
    return current_survivor(request) is not None and bool(request.session[SESSION_KEY].get("duress"))


def survivor_required(view):
    """Only a signed-in survivor gets past; anyone else goes to the sign-in page.

    This is also the one place a duress session is turned away from her real pages: it gets the
    page's stand-in (duress.py), or the start page where a page has none."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        profile = current_survivor(request)
        if profile is None:
            return redirect(reverse("my:sign_in"))
        if in_duress(request):
            match = request.resolver_match
            stand_in = duress_module.stand_in_for(match.view_name if match else "")
            if stand_in is None:
                return redirect(reverse("my:home"))
            return stand_in(request, profile, *args, **kwargs)
        return view(request, profile, *args, **kwargs)

    return wrapper


DRAFT_KEY = "kept_post"
DRAFT_MAX_CHARS = 5000


def keeps_typed_text(view):
    """For a form whose words matter (a message to the advocate), wrapped around survivor_required.

    A post that arrives after the idle sign-out is not lost: it waits in this browser's session,
    the sign-in page says so, and once the survivor has signed in again the post is made as if
    it arrived then (the form checks it as always). Quick exit and sign-out end the session, and
    the kept post with it.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and current_survivor(request) is None:
            data = {key: value for key, value in request.POST.items() if key != "csrfmiddlewaretoken"}
            if sum(len(value) for value in data.values()) <= DRAFT_MAX_CHARS:
                request.session[DRAFT_KEY] = {"path": request.path, "data": data}
            return redirect(reverse("my:sign_in"))
        draft = request.session.get(DRAFT_KEY)
        if draft and draft["path"] == request.path and current_survivor(request) is not None:
            del request.session[DRAFT_KEY]
            request.method = "POST"
            request.POST = QueryDict(mutable=True)
            request.POST.update(draft["data"])
        return view(request, *args, **kwargs)

    return wrapper


def has_kept_post(request):
    return DRAFT_KEY in request.session


def after_sign_in_path(request):
    """Where a survivor goes once signed in: back to a kept post, or to their start page."""
    draft = request.session.get(DRAFT_KEY)
    return draft["path"] if draft else reverse("my:home")
