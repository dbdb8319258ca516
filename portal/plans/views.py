"""The survivor's own area, /<lang>/my/: their plan, their steps, a way to reach their advocate.

Every query starts from the signed-in survivor's profile, so another survivor's record is a
404, whatever id is typed into a URL. Pages use POST forms and work without JavaScript.
"""

from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from portal.accounts.survivor_auth import keeps_typed_text, survivor_required
from portal.core.views import SeeOtherRedirect
from portal.messaging.help_requests import ask_question

from .forms import DeletionRequestForm, GoalProposalForm, QuestionForm
from .models import Goal, Plan, PlanEvent, Referral, Step, record_event

OPEN_STEP = (Step.Status.TO_DO,)


def open_plans(profile):
    return Plan.objects.filter(survivor=profile).exclude(status=Plan.Status.CLOSED)


def current_plan(profile):
    """The open plan with everything the pages show, in a fixed number of queries."""
    return (
        open_plans(profile)
        .select_related("primary_advocate")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.exclude(status=Goal.Status.STOPPED)),
            "steps",
            Prefetch("referrals", queryset=Referral.objects.select_related("service")),
            "appointments",
        )
        .first()
    )


def plan_context(profile, plan):
    now = timezone.now()
    if plan is None:
        return {"profile": profile, "plan": None}
    steps = list(plan.steps.all())
    open_steps = sorted(
        (step for step in steps if step.status in OPEN_STEP), key=lambda s: (s.due_date is None, s.due_date, s.pk)
    )
    return {
        "profile": profile,
        "plan": plan,
        "goals": list(plan.goals.all()),
        "my_steps": [step for step in open_steps if step.who == Step.Who.SURVIVOR],
        "other_steps": [step for step in open_steps if step.who != Step.Who.SURVIVOR],
        "done_steps": [step for step in steps if step.status == Step.Status.DONE],
        "next_steps": open_steps[:3],
        "referrals": list(plan.referrals.all()),
        "appointments": [a for a in plan.appointments.all() if a.starts_at >= now],
    }


@survivor_required
def home(request, profile):
    context = plan_context(profile, current_plan(profile))
    context["next_appointment"] = (context.get("appointments") or [None])[0]
    return render(request, "plans/home.html", context)


@survivor_required
def plan(request, profile):
    return render(request, "plans/plan.html", plan_context(profile, current_plan(profile)))


@survivor_required
def step_done(request, profile, pk):
    """Mark one of the survivor's own steps done. Anyone else's step is a 404, whatever the method."""
    return _mark_step(request, profile, pk, done=True)


@survivor_required
def step_not_done(request, profile, pk):
    """Undo: a step marked done by mistake goes back to the survivor's steps."""
    return _mark_step(request, profile, pk, done=False)


def _mark_step(request, profile, pk, done):
    mine = Step.objects.select_related("plan").filter(plan__survivor=profile, who=Step.Who.SURVIVOR)
    step = get_object_or_404(mine.exclude(plan__status=Plan.Status.CLOSED), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    before, after = (Step.Status.TO_DO, Step.Status.DONE) if done else (Step.Status.DONE, Step.Status.TO_DO)
    if step.status == before:
        with transaction.atomic():
            Step.objects.filter(pk=step.pk).update(status=after, done_at=timezone.now() if done else None)
            kind, detail = (PlanEvent.Kind.STEP_DONE, "") if done else (PlanEvent.Kind.UPDATED, " not done after all")
            record_event(step.plan, kind, actor=PlanEvent.Actor.SURVIVOR, detail=f"step {step.pk}{detail}")
    target = "my:home" if request.POST.get("back") == "home" else "my:plan"
    return SeeOtherRedirect(reverse(target) + ("#done" if done else "#my-steps"))


def ensure_plan(profile):
    plan = open_plans(profile).first()
    if plan is None:
        plan = Plan.objects.create(survivor=profile)
        record_event(plan, PlanEvent.Kind.CREATED, actor=PlanEvent.Actor.SYSTEM)
    return plan


@require_http_methods(["GET", "POST"])
@keeps_typed_text
@survivor_required
def propose_goal(request, profile):
    form = GoalProposalForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                plan = ensure_plan(profile)
                goal = Goal.objects.create(
                    plan=plan,
                    text=form.cleaned_data["text"],
                    domain=form.cleaned_data["domain"] or Goal.Domain.OTHER,
                    proposed_by=Goal.ProposedBy.SURVIVOR,
                    status=Goal.Status.PROPOSED,
                )
                record_event(
                    plan, PlanEvent.Kind.GOAL_PROPOSED, actor=PlanEvent.Actor.SURVIVOR, detail=f"goal {goal.pk}"
                )
            return SeeOtherRedirect(reverse("my:plan") + "?sent=goal")
        return render(request, "plans/propose_goal.html", {"form": form}, status=400)
    return render(request, "plans/propose_goal.html", {"form": form})


@require_http_methods(["GET", "POST"])
@keeps_typed_text
@survivor_required
def ask_advocate(request, profile):
    """A question is its own item in the help queue and the desk, in her conversation, where advocates answer texts."""
    form = QuestionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                send_question(profile, form.cleaned_data["message"])
            return SeeOtherRedirect(reverse("my:home") + "?sent=question")
        return render(request, "plans/ask.html", {"form": form}, status=400)
    return render(request, "plans/ask.html", {"form": form})


def send_question(profile, message):
    help_request = ask_question(profile.contact, message)
    plan = open_plans(profile).first()
    if plan is not None:
        detail = f"help request {help_request.pk}"
        record_event(plan, PlanEvent.Kind.QUESTION, actor=PlanEvent.Actor.SURVIVOR, detail=detail)
    return help_request


@require_http_methods(["GET", "POST"])
@survivor_required
def ask_for_deletion(request, profile):
    # Bound on every post: ticking nothing sends no field, and that is the mistake to show.
    form = DeletionRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if profile.deletion_requested_at is None:
                profile.deletion_requested_at = timezone.now()
                profile.save(update_fields=["deletion_requested_at"])
                plan = open_plans(profile).first()
                if plan is not None:
                    record_event(plan, PlanEvent.Kind.DELETION_REQUESTED, actor=PlanEvent.Actor.SURVIVOR)
        return SeeOtherRedirect(reverse("my:delete"))
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/delete.html", {"form": form, "profile": profile}, status=status)
