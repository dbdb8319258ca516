from django.urls import path

from . import views

# Public pages under the language prefix (/<lang>/...). /<lang>/help/ is in docs/contract.md.
urlpatterns = [
    path("help/", views.help_request, name="help_request"),
    path("help/sent/", views.help_request_sent, name="help_request_sent"),
]
