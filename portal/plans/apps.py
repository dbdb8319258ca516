from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "portal.plans"
    label = "plans"
    verbose_name = "Service plans"

    def ready(self):
        # What a duress session sees on this app's survivor pages (accounts/duress.py).
        from . import stand_ins  # noqa: F401
