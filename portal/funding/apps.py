from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "portal.funding"
    label = "funding"
    verbose_name = "Funding opportunities"
