"""A survivor's plans follow their case (accounts.signals): a first plan when an advocate opens
the case, every plan closed when the case closes. Connected in PlansConfig.ready."""

from .models import Plan, PlanEvent, record_event


def open_first_plan(sender, survivor, staff, **kwargs):
    plan = Plan.objects.create(survivor=survivor, primary_advocate=staff)
    record_event(plan, PlanEvent.Kind.CREATED, actor=PlanEvent.Actor.STAFF, staff=staff)


def close_plans(sender, survivor, staff, **kwargs):
    for plan in Plan.objects.filter(survivor=survivor).exclude(status=Plan.Status.CLOSED):
        Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.CLOSED)
        record_event(plan, PlanEvent.Kind.CLOSED, actor=PlanEvent.Actor.STAFF, staff=staff)
