import json
from dataclasses import asdict
from pathlib import Path

from django.conf import settings

from . import SendResult
from .base import BaseSMSBackend


class FileBackend(BaseSMSBackend):
    """Writes each text as one JSON file in SMS_FILE_PATH.

    For operators trying the portal without a provider, and for tests whose server runs in
    another process. The files hold phone numbers: keep the folder private.
    """

    def send(self, sms):
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"sms-{sms.message_id:08d}.json"
        partial = target.with_suffix(".tmp")
        partial.write_text(json.dumps(asdict(sms), ensure_ascii=False), encoding="utf-8")
        partial.replace(target)  # readers never see half a file
        return SendResult(provider_sid=f"file-{sms.message_id}")
