from . import SendResult
from .base import BaseSMSBackend

# The texts "sent" in this process, like django.core.mail.outbox; tests clear it.
outbox = []


class LocmemBackend(BaseSMSBackend):
    """Tests: keeps every text in `outbox` instead of sending it."""

    def send(self, sms):
        outbox.append(sms)
        return SendResult(provider_sid=f"locmem-{sms.message_id}")
