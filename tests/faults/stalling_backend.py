"""An SMS backend for the worker-kill drill: it stops dead after the claim, before any request.

A worker running it has claimed its text and is about to send when the drill kills it, so
the drill can tell "claimed but never sent" apart from "sent": the marker file says the
worker got this far, and the fake Twilio server receives nothing from it.
"""

import os
import time
from pathlib import Path

from portal.messaging.backends.base import BaseSMSBackend


class StallBeforeSend(BaseSMSBackend):
    def send(self, sms):
        (Path(os.environ["DRILL_MARKER_DIR"]) / "claimed").touch()
        time.sleep(3600)
        raise RuntimeError("the drill should have killed this worker")
