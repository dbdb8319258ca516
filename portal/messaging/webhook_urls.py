from django.urls import path  # noqa: F401

# Twilio webhooks, outside the language prefix (/sms/...).
urlpatterns = []
