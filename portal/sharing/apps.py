from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "portal.sharing"
    label = "sharing"
    verbose_name = "Sharing and consent"

    def ready(self):
        # Every case-record admin page logs its reads through the one policy.
        from portal.accounts.case_admin import register_read_recorder
        from portal.plans.models import register_referral_check

        from . import policy, stand_ins  # noqa: F401 (stand_ins: what a duress session sees, accounts/duress.py)

        register_read_recorder(policy.read)
        # Every referral saved checks the survivor's consent to share referrals with its organisation.
        register_referral_check(policy.check_referral)
