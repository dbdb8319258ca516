"""The SMS playground in the Wagtail admin. The advocate's queue of help requests and texts is a
case record, scoped by organisation, so it is registered above messaging, in accounts.texts_admin."""

from django.conf import settings
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


@hooks.register("register_admin_urls")
def register_sms_playground():
    from .playground_views import SmsPlaygroundView, VoicePlaygroundView

    return [
        path("sms-playground/", SmsPlaygroundView.as_view(), name="sms_playground"),
        path("voice-playground/", VoicePlaygroundView.as_view(), name="voice_playground"),
    ]


class PlaygroundMenuItem(MenuItem):
    def is_shown(self, request):
        return settings.SMS_PLAYGROUND_ENABLED and request.user.has_perm("messaging.view_helprequest")


@hooks.register("register_admin_menu_item")
def register_sms_playground_menu_item():
    return PlaygroundMenuItem(_("SMS playground"), reverse("sms_playground"), icon_name="mail", order=960)


@hooks.register("register_admin_menu_item")
def register_voice_playground_menu_item():
    return PlaygroundMenuItem(_("Voice playground"), reverse("voice_playground"), icon_name="mobile-alt", order=961)
