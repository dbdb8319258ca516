from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from .survivor_choices import use_names_in_survivor_pickers

        use_names_in_survivor_pickers(self.get_model("SurvivorProfile"))
