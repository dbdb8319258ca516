from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "portal.voice"
    label = "voice"
    verbose_name = "Voice line"
    default_auto_field = "django.db.models.BigAutoField"
