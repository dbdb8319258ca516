from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "portal.feedback"
    label = "feedback"
    verbose_name = "Feedback and reports"

    def ready(self):
        # What a duress session sees on this app's survivor pages (accounts/duress.py).
        from . import stand_ins  # noqa: F401
