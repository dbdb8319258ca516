from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "portal.casework"
    label = "casework"
    verbose_name = "Case view and case notes"

    def ready(self):
        # Lists of case records in the apps below link to the case view through this (accounts.case_links).
        from portal.accounts.case_links import register_case_url

        from .urls import case_url

        register_case_url(case_url)
