import sys

from . import SendResult
from .base import BaseSMSBackend


class ConsoleBackend(BaseSMSBackend):
    """`make run`: prints each text instead of sending it (development only: it shows the number)."""

    stream = None

    def send(self, sms):
        stream = self.stream or sys.stdout
        stream.write(f"--- SMS to {sms.to} (message {sms.message_id})\n{sms.body}\n---\n")
        stream.flush()
        return SendResult(provider_sid=f"console-{sms.message_id}")
