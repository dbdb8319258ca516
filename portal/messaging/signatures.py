"""Only Twilio may call the webhooks: every request must carry a valid X-Twilio-Signature.

The signature covers the URL Twilio called, which is PUBLIC_BASE_URL + path: behind a proxy the
scheme and host Django sees are not the ones Twilio signed.
"""

import logging
from functools import wraps

from django.conf import settings
from django.http import HttpResponseForbidden
from twilio.request_validator import SIGNATURE_SETTINGS_HEADER, RequestValidator, get_signature_algorithm

logger = logging.getLogger(__name__)


def is_signed_by_twilio(request):
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature or not settings.TWILIO_AUTH_TOKEN:
        return False
    url = settings.PUBLIC_BASE_URL.rstrip("/") + request.get_full_path()
    algorithm = get_signature_algorithm(request.headers.get(SIGNATURE_SETTINGS_HEADER, ""))
    return RequestValidator(settings.TWILIO_AUTH_TOKEN).validate(url, request.POST, signature, algorithm)


def twilio_signature_required(view):
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not is_signed_by_twilio(request):
            logger.warning("rejected an unsigned or wrongly signed webhook call to %s", request.path)
            return HttpResponseForbidden("invalid signature", content_type="text/plain")
        return view(request, *args, **kwargs)

    return checked
