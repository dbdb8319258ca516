from django.urls import path

from . import webhooks

# Twilio webhooks, outside the language prefix (/sms/...). Names are in docs/contract.md.
urlpatterns = [
    path("inbound/", webhooks.inbound, name="sms_inbound"),
    path("status/", webhooks.status, name="sms_status"),
]
