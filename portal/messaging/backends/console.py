import sys

from . import SendResult
from .base import BaseSMSBackend


class ConsoleBackend(BaseSMSBackend):
    """`make run`: prints each text instead of sending it (development only: it shows the number)."""

    stream = None

    def send(self, sms):
        stream = self.stream or sys.stdout
        channel = {"whatsapp": "WhatsApp", "call": "Call"}.get(sms.channel, "SMS")
        template = f" as template {sms.content_sid}" if sms.content_sid else ""
        stream.write(f"--- {channel} to {sms.to}{template} (message {sms.message_id})\n{sms.body}\n---\n")
        stream.flush()
        return SendResult(provider_sid=f"console-{sms.message_id}")
