from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "portal.plans"
    label = "plans"
    verbose_name = "Service plans"

    def ready(self):
        from portal.accounts.signals import case_closed, case_opened

        from .cases import close_plans, open_first_plan

        case_opened.connect(open_first_plan, dispatch_uid="plans.open_first_plan")
        case_closed.connect(close_plans, dispatch_uid="plans.close_plans")

        # What a duress session sees on this app's survivor pages (accounts/duress.py).
        from . import stand_ins  # noqa: F401
