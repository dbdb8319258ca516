"""Staff pick a survivor by the name she chose, in every admin form that points at one.

Her record's title stays "Survivor #n" (it is what Wagtail writes into titles, history and the audit
log, so it must never carry a name); only the options of a picker, shown to staff who may already see
her record, use her name. Registered once for every foreign key to SurvivorProfile, so a form added
later gets it too.
"""

from django import forms
from django.db import models
from wagtail.admin.forms.models import register_form_field_override


class SurvivorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, survivor):
        # The number too: two survivors may well have chosen the same name.
        return f"{survivor.name} (#{survivor.pk})"


def use_names_in_survivor_pickers(survivor_model):
    register_form_field_override(models.ForeignKey, to=survivor_model, override={"form_class": SurvivorChoiceField})
