from django.urls import path

from . import text_me, views

# Public pages under the language prefix (/<lang>/...). /<lang>/help/ is in docs/contract.md.
urlpatterns = [
    path("help/", views.help_request, name="help_request"),
    path("help/sent/", views.help_request_sent, name="help_request_sent"),
    # Beside the directory page it belongs to (/<lang>/services/<id>/); it sends a text, so it is wired here.
    path("services/<uuid:service_id>/text-me/", text_me.text_me, name="directory_text_me"),
]
