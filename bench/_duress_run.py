"""Helper for bench/duress.py, run in its own process (environment set by bench/duress.py)."""

import json
import statistics
import time

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.test import Client  # noqa: E402

from portal.accounts.models import SurvivorProfile  # noqa: E402
from portal.accounts.sign_in import ATTEMPT_KEY  # noqa: E402
from portal.directory.models import Organization  # noqa: E402
from portal.messaging.models import Contact  # noqa: E402

ROUNDS = 15
PIN, SECOND_PIN = "2580", "7139"


def main():
    organization = Organization.objects.create(name="Bench advocates")
    contact, _created = Contact.objects.get_or_create_for_phone("+17135550142")
    profile = SurvivorProfile.objects.create(organization=organization, name="Bench", contact=contact)
    profile.set_pin(PIN)
    profile.set_duress_pin(SECOND_PIN)
    timings = {"real": [], "duress": []}
    for _round in range(ROUNDS):
        for which, pin in (("real", PIN), ("duress", SECOND_PIN)):
            cache.clear()  # the per-number limits are not what is measured
            client = Client()
            session = client.session
            state = {
                "attempt": "bench",
                "phone": contact.phone_index,
                "tries": 0,
                "code_ok": True,
                "profile": profile.pk,
            }
            session[ATTEMPT_KEY] = state
            session.save()
            started = time.monotonic()
            response = client.post("/en/my/sign-in/pin/", {"pin": pin}, secure=True)
            timings[which].append(time.monotonic() - started)
            assert response.status_code == 303, response.status_code
    note = f"{ROUNDS} rounds; floor {settings.SURVIVOR_SIGN_IN_MIN_SECONDS} s; hasher {settings.PASSWORD_HASHERS[0]}"
    print(json.dumps({which: statistics.median(values) for which, values in timings.items()} | {"note": note}))


main()
