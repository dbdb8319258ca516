from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "portal.messaging"
    label = "messaging"
    verbose_name = "Messaging"

    def ready(self):
        # Every app's answers to incoming texts (text_handlers modules), in priority order.
        from .routing import discover_handlers

        discover_handlers()
