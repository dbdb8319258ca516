from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # What a duress session sees on this app's survivor pages (accounts/duress.py).
        from . import stand_ins  # noqa: F401
        from .survivor_choices import use_names_in_survivor_pickers

        use_names_in_survivor_pickers(self.get_model("SurvivorProfile"))
