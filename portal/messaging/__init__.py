"""SMS for the portal: backends, the outbox, Twilio webhooks, help requests and conversations.

Other apps send a text with `portal.messaging.send_sms(...)` (see api.py) and nothing else.
"""


def send_sms(*args, **kwargs):
    """See portal.messaging.api.send_sms; imported lazily so this package loads before the models."""
    from .api import send_sms as queue_text

    return queue_text(*args, **kwargs)
