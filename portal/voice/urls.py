from django.urls import path

from . import views

# Twilio's voice webhooks, outside the language prefix (/voice/...). /voice/inbound/ is the operators' contract.
urlpatterns = [
    path("inbound/", views.inbound, name="voice_inbound"),
    path("step/<slug:name>/", views.step, name="voice_step"),
]
