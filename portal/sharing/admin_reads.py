"""Reads of one survivor's record in the admin, logged through sharing.policy like any other read.

A mixin for admin views that show one survivor's data (the survivor's edit form, their plan):
on every GET it asks the policy for each category shown and writes one access event each, so the
survivor sees their own advocates' looks too. The view's own scoping (permissions.py) still decides
what the page can reach; this adds the record, not a second rule.
"""

from . import policy


class LoggedReadMixin:
    read_categories = ()
    record_kind = "record"

    def survivor_of(self, instance):
        return instance

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        instance = getattr(self, "object", None)
        if instance is not None and response.status_code == 200:
            survivor = self.survivor_of(instance)
            for category in self.read_categories:
                policy.read(request.user, survivor, category, record=f"{self.record_kind} {instance.pk}")
        return response
