from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "portal.desk"
    label = "desk"
    verbose_name = "Desk"

    def ready(self):
        from portal.messaging.help_requests import register_on_call_notifier

        from . import on_call

        register_on_call_notifier(on_call.notify)
