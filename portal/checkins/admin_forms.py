"""The advocate's form for a check-in plan: consent must be recorded, and pausing is one tick."""

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from portal.accounts.models import SurvivorProfile, case_organization_ids

from . import schedule
from .models import CheckInPlan
from .pausing import pause, resume


class CheckInPlanForm(WagtailAdminModelForm):
    consent = forms.BooleanField(
        label=_("The survivor agreed to get these check-in texts"),
        required=False,
        help_text=_("Ask them first. They can pause the texts at any time."),
    )
    pause = forms.BooleanField(label=_("Pause check-ins now"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = case_organization_ids(self.for_user)
        if "survivor" in self.fields:
            self.fields["survivor"].queryset = SurvivorProfile.objects.open().filter(organization_id__in=organizations)
        if self.instance.pk:
            self.fields["consent"].initial = True
            self.fields["consent"].disabled = True
            self.fields["pause"].initial = self.instance.is_paused

    def clean_consent(self):
        if not self.instance.pk and not self.cleaned_data.get("consent"):
            raise forms.ValidationError(_("Check-in texts need the survivor's agreement."))
        return True

    def save(self, commit=True):
        plan = super().save(commit=False)
        created = plan.pk is None
        if created:
            plan.consent_at = timezone.now()
            plan.consent_recorded_by = self.for_user
        if not commit:
            return plan
        with transaction.atomic():
            plan.save()
            this = CheckInPlan.objects.filter(pk=plan.pk)
            if self.cleaned_data.get("pause"):
                pause(this, CheckInPlan.PausedBy.ADVOCATE, staff=self.for_user)
            elif plan.is_paused:
                resume(this)
            plan.refresh_from_db()
            schedule.schedule_next(plan, timezone.now(), inclusive=True)
        return plan
