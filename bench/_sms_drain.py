"""Helper for bench/sms.py, run in its own process: queue N texts, then time draining the outbox.

Usage: python -m bench._sms_drain COUNT WORKERS (environment set by bench/sms.py). With WORKERS 0
the texts are only queued: the task backend's own workers (RQ) send them, and the time the queue
was committed is printed for bench/sms.py to time them.
"""

import json
import sys
import threading
import time
from datetime import time as clock

import django

django.setup()

from django.db import connections, transaction  # noqa: E402

from portal.messaging import send_sms, texts  # noqa: E402
from portal.messaging.models import Contact, OutboundMessage  # noqa: E402
from portal.messaging.outbox import drain_outbox  # noqa: E402


def main(count, workers):
    OutboundMessage.objects.all().delete()  # what the webhook phase queued is not part of this figure
    contacts = [
        Contact.objects.get_or_create_for_phone(f"+1281555{n:04d}", safe_hours_start=clock(0), safe_hours_end=clock(0))[
            0
        ]
        for n in range(100)
    ]
    with transaction.atomic():
        for n in range(count):
            send_sms(contacts[n % len(contacts)], texts.CHECK_IN)
        committed_at = time.time()
    if not workers:
        print(json.dumps({"committed_at": committed_at}))
        return
    # Each commit also queued a task for the database backend; no worker runs here, we drain directly.

    def worker():
        try:
            drain_outbox()
        finally:
            connections.close_all()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    submitted = OutboundMessage.objects.filter(status="submitted").count()
    print(json.dumps({"submitted": submitted, "seconds": seconds}))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
