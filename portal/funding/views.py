from datetime import timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from .calendar import deadlines_calendar
from .models import DigestSubscription, FundingOpportunity

# Closed deadlines stay in the feed this long, so a subscribed calendar does not lose last week's.
FEED_KEEPS_CLOSED_DAYS = 90


@cache_control(public=True, max_age=3600)
def deadlines_feed(request):
    """Public on purpose: calendar apps cannot sign in, and a call for proposals is public already."""
    since = timezone.now() - timedelta(days=FEED_KEEPS_CLOSED_DAYS)
    opportunities = FundingOpportunity.objects.filter(closes_at__gte=since).order_by("closes_at", "pk")
    body = deadlines_calendar(opportunities, request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="funding-deadlines.ics"'
    return response


@require_POST
def digest_subscription(request):
    """Staff turn the weekly email on or off for themselves; nobody else's choice can be changed."""
    if request.POST.get("subscribe") == "yes":
        DigestSubscription.objects.get_or_create(user=request.user)
        messages.success(request, _("You will get the funding deadlines by email every week."))
    else:
        DigestSubscription.objects.filter(user=request.user).delete()
        messages.success(request, _("You will no longer get the funding deadlines by email."))
    return redirect("funding_opportunities:list")
