"""The survivor's own switch for check-in texts, /<lang>/my/check-ins/: pause or start them again.

A plain POST form (works without JavaScript). The page names no plan detail: only whether
check-in texts are on, and a button.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from portal.accounts.survivor_auth import survivor_required
from portal.core import phrases
from portal.core.views import SeeOtherRedirect

from .models import CheckInPlan
from .pausing import active_plans, pause, resume


@require_http_methods(["GET", "POST"])
@survivor_required
def my_check_ins(request, profile):
    plans = active_plans(profile)
    if request.method == "POST":
        if request.POST.get("action") == "pause":
            pause(plans, CheckInPlan.PausedBy.SURVIVOR)
        elif request.POST.get("action") == "resume":
            resume(plans)
        return SeeOtherRedirect(reverse("my:check_ins") + "?saved=1")
    context = {
        "has_plan": plans.exists(),
        "paused": plans.exists() and not plans.filter(paused_at__isnull=True).exists(),
        "saved": "saved" in request.GET,
        # The pause word of the page's language, as the reply parser knows it.
        "pause_word": phrases.words(get_language(), "pause")[0].upper(),
    }
    return render(request, "checkins/my_check_ins.html", context)
