from django.urls import path

from . import views

# Twilio's voice webhooks, outside the language prefix (/voice/...). /voice/inbound/ is the operators' contract.
urlpatterns = [
    path("inbound/", views.inbound, name="voice_inbound"),
    path("step/<slug:name>/", views.step, name="voice_step"),
    # A check-in call the outbox placed (messaging gives Twilio this URL by its name): she answered.
    path("check-in-call/", views.check_in_call, name="voice_check_in_call"),
]
