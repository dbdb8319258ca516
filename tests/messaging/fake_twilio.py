"""A stand-in for Twilio's REST API on 127.0.0.1: records every request, answers as told.

Used by the tests and by bench/sms.py. Behaviours, queued with `then(...)`, each used once:
"201" (accept), "500", "429", "400" (a permanent refusal), "21610" (recipient opted out),
"63016" (WhatsApp refuses free text outside her 24-hour window), "63003" (the number is not on
WhatsApp), "hang" (answer only after
`hang_seconds`, so the client times out). With nothing queued it accepts.
While `outage` is True every request is answered 503, as during a provider outage.
`accepted` holds the forms of the messages it accepted (answered 201). WhatsApp goes to the same
endpoint with "whatsapp:" in `To` and `From`, and a template as `ContentSid` (+ `ContentVariables`)
instead of `Body`; the forms keep all of them as sent. Calls (the Calls API, `Calls.json`) are answered
with a call resource and their forms also kept in `calls`: `To`, `From`, `Url`, `StatusCallback`,
`MachineDetection` as the client sent them.
"""

import json
import threading
import time
import uuid
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

ERRORS = {
    "500": (500, {"code": 20500, "message": "Internal Server Error", "status": 500}),
    "503": (503, {"code": 20503, "message": "Service Unavailable", "status": 503}),
    "429": (429, {"code": 20429, "message": "Too Many Requests", "status": 429}),
    "400": (400, {"code": 21211, "message": "Invalid 'To' Phone Number", "status": 400}),
    "21610": (400, {"code": 21610, "message": "Attempt to send to unsubscribed recipient", "status": 400}),
    "63003": (400, {"code": 63003, "message": "Channel could not find To address", "status": 400}),
    "63016": (
        400,
        {
            "code": 63016,
            "message": "Failed to send freeform message because you are outside the allowed window.",
            "status": 400,
        },
    ),
}


class FakeTwilio:
    def __init__(self, hang_seconds=3.0):
        self.requests = []
        self.accepted = []
        self.calls = []
        self.outage = False
        self.behaviours = deque()
        self.hang_seconds = hang_seconds
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body leave in one packet: no Nagle / delayed-ACK stall between them.
            wbufsize = -1
            disable_nagle_algorithm = True

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                form = {key: values[-1] for key, values in parse_qs(self.rfile.read(length).decode()).items()}
                with fake.lock:
                    fake.requests.append({"path": self.path, "form": form, "headers": dict(self.headers)})
                    behaviour = fake.behaviours.popleft() if fake.behaviours else "201"
                    if fake.outage:
                        behaviour = "503"
                if behaviour == "hang":
                    time.sleep(fake.hang_seconds)
                    behaviour = "201"
                if behaviour in ERRORS:
                    status, payload = ERRORS[behaviour]
                elif self.path.split("?")[0].endswith("/Calls.json"):
                    status, payload = 201, fake.call_resource(form)
                    with fake.lock:
                        fake.accepted.append(form)
                        fake.calls.append(form)
                else:
                    status, payload = 201, fake.message_resource(form)
                    with fake.lock:
                        fake.accepted.append(form)
                body = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up waiting

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @staticmethod
    def message_resource(form):
        return {
            "sid": "SM" + uuid.uuid4().hex,
            "status": "queued",
            "to": form.get("To"),
            "from": form.get("From"),
            "body": form.get("Body"),
            "content_sid": form.get("ContentSid"),
            "messaging_service_sid": form.get("MessagingServiceSid"),
            "num_segments": "1",
        }

    @staticmethod
    def call_resource(form):
        return {
            "sid": "CA" + uuid.uuid4().hex,
            "status": "queued",
            "to": form.get("To"),
            "from": form.get("From"),
            "direction": "outbound-api",
        }

    def then(self, *behaviours):
        with self.lock:
            self.behaviours.extend(behaviours)
        return self

    def reset(self):
        with self.lock:
            self.requests.clear()
            self.accepted.clear()
            self.calls.clear()
            self.behaviours.clear()
            self.outage = False

    @property
    def message_requests(self):
        return [request for request in self.requests if request["path"].endswith("/Messages.json")]

    @property
    def call_requests(self):
        return [request for request in self.requests if request["path"].endswith("/Calls.json")]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
