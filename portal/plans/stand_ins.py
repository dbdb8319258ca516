"""What a duress session sees of the plan pages (see accounts/duress.py): a dull, harmless plan in
her language, rendered by the same templates. Marking steps, proposing a goal or asking for
deletion behaves as usual but lives only in the session; a question to the advocate goes nowhere.
Nothing here reads or writes her real plan."""

from types import SimpleNamespace

from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.accounts import duress
from portal.core.views import SeeOtherRedirect

from .forms import DeletionRequestForm, GoalProposalForm, QuestionForm
from .models import Goal, Step

# Ids of the harmless steps: small numbers, as in a young portal.
STEP_IDS = (11, 12, 13, 14)


def harmless_step_texts():
    return {
        11: _("Renew my library card"),
        12: _("Go to English class on Tuesday"),
        13: _("Buy a bus pass for next month"),
        14: _("Ask about the free computer class"),
    }


def harmless_goal(text, domain, status):
    return SimpleNamespace(
        text=text,
        get_domain_display=Goal.Domain(domain).label,
        get_status_display=Goal.Status(status).label,
    )


def harmless_context(request):
    done = set(duress.stand_in_state(request, "done_steps", []))
    texts = harmless_step_texts()
    steps = [
        SimpleNamespace(
            pk=pk, text=texts[pk], due_date=None, who=Step.Who.SURVIVOR, get_who_display=Step.Who.SURVIVOR.label
        )
        for pk in STEP_IDS
    ]
    goals = [harmless_goal(_("Speak more English"), Goal.Domain.EDUCATION, Goal.Status.ACTIVE)]
    goals += [
        harmless_goal(goal["text"], goal["domain"], Goal.Status.PROPOSED)
        for goal in duress.stand_in_state(request, "goals", [])
    ]
    open_steps = [step for step in steps if step.pk not in done]
    return {
        "profile": SimpleNamespace(deletion_requested_at=duress.stand_in_state(request, "deletion_asked")),
        "plan": SimpleNamespace(next_review_date=None),
        "goals": goals,
        "my_steps": open_steps,
        "other_steps": [],
        "done_steps": [step for step in steps if step.pk in done],
        "next_steps": open_steps[:3],
        "referrals": [],
        "appointments": [],
    }


@duress.stand_in("my:home")
def home(request, profile):
    return render(request, "plans/home.html", {**harmless_context(request), "next_appointment": None})


@duress.stand_in("my:plan")
def plan(request, profile):
    return render(request, "plans/plan.html", harmless_context(request))


def mark_step(request, pk, done):
    if pk not in STEP_IDS:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    marked = set(duress.stand_in_state(request, "done_steps", []))
    marked = marked | {pk} if done else marked - {pk}
    duress.keep_stand_in_state(request, "done_steps", sorted(marked))
    target = "my:home" if request.POST.get("back") == "home" else "my:plan"
    return SeeOtherRedirect(reverse(target) + ("#done" if done else "#my-steps"))


@duress.stand_in("my:step_done")
def step_done(request, profile, pk):
    return mark_step(request, pk, done=True)


@duress.stand_in("my:step_not_done")
def step_not_done(request, profile, pk):
    return mark_step(request, pk, done=False)


@duress.stand_in("my:propose_goal")
def propose_goal(request, profile):
    form = GoalProposalForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            goal = {"text": form.cleaned_data["text"], "domain": form.cleaned_data["domain"] or Goal.Domain.OTHER}
            duress.keep_stand_in_state(request, "goals", [*duress.stand_in_state(request, "goals", []), goal])
            return SeeOtherRedirect(reverse("my:plan") + "?sent=goal")
        return render(request, "plans/propose_goal.html", {"form": form}, status=400)
    return render(request, "plans/propose_goal.html", {"form": form})


@duress.stand_in("my:ask")
def ask_advocate(request, profile):
    """Looks sent, goes nowhere: the words may not be hers, and the silent alert has already gone."""
    form = QuestionForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            return SeeOtherRedirect(reverse("my:home") + "?sent=question")
        return render(request, "plans/ask.html", {"form": form}, status=400)
    return render(request, "plans/ask.html", {"form": form})


@duress.stand_in("my:delete")
def ask_for_deletion(request, profile):
    form = DeletionRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        duress.keep_stand_in_state(request, "deletion_asked", True)
        return SeeOtherRedirect(reverse("my:delete"))
    status = 400 if request.method == "POST" else 200
    profile_view = harmless_context(request)["profile"]
    return render(request, "plans/delete.html", {"form": form, "profile": profile_view}, status=status)
