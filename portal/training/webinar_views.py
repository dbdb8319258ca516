"""Public webinar pages: times shown in the time zone the reader picks (Central unless they pick another,
with no script needed), and registration."""

from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache

from portal.core.time_zones import US_TIME_ZONES

from .forms import RegistrationForm, TimeZoneForm
from .webinars import Webinar

DEFAULT_ZONE = US_TIME_ZONES[0][0]


def reader_zone(request):
    form = TimeZoneForm(request.GET or None)
    zone = (form.is_valid() and form.cleaned_data["tz"]) or DEFAULT_ZONE
    return form, zone


def webinar_list(request):
    zone_form, zone = reader_zone(request)
    with timezone.override(zone):
        return render(
            request,
            "training/webinars.html",
            {
                "upcoming": Webinar.objects.upcoming(),
                "recorded": Webinar.objects.with_recording(),
                "zone_form": zone_form,
                "zone_label": dict(US_TIME_ZONES)[zone],
            },
        )


@never_cache
def webinar_detail(request, pk):
    webinar = get_object_or_404(Webinar, pk=pk)
    zone_form, zone = reader_zone(request)
    form = RegistrationForm(request.POST or None, initial={"time_zone": zone})
    registered = False
    if request.method == "POST" and webinar.starts_at > timezone.now() and form.is_valid():
        registration = form.save(commit=False)
        registration.webinar = webinar
        registration.language = translation.get_language()
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            pass  # already registered: the same answer, and one reminder
        registered = True
    with timezone.override(zone):
        return render(
            request,
            "training/webinar.html",
            {
                "webinar": webinar,
                "form": form,
                "zone_form": zone_form,
                "zone_label": dict(US_TIME_ZONES)[zone],
                "registered": registered,
                "is_past": webinar.starts_at <= timezone.now(),
                "recording": webinar.recording and webinar.recording.specific,
            },
        )
