from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal.checkins"
    verbose_name = "Check-ins"

    def ready(self):
        # What a duress session sees on this app's survivor pages (accounts/duress.py).
        from . import stand_ins  # noqa: F401
