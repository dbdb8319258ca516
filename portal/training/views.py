"""The learner's side: sign-in by email link, their record, certificates, and checking a certificate.

Every page here is about one signed-in person, so none is cached (never_cache) and each says who
may see it. A coordinator sees their own organisation's people and nobody else's.
"""

from functools import wraps

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.models import Page

from portal.core.rate_limits import client_ip, within_limit

from .forms import ProfileForm, SignInForm, VerifyForm
from .models import Certificate, LessonPass, email_index
from .sign_in import current_learner, send_sign_in_link, sign_in, sign_out, use_link

# (count, seconds): links asked for per address and per network.
LINK_LIMITS = {"per_email": (5, 3600), "per_ip": (30, 3600)}


def learner_required(view=None, *, needs_profile=True):
    """A signed-in learner, who has first told us the name for certificates and where they work."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            learner = current_learner(request)
            if learner is None:
                return redirect("training:sign_in")
            if needs_profile and not learner.has_profile:
                return redirect("training:profile")
            request.learner = learner
            return view(request, *args, **kwargs)

        return never_cache(wrapped)

    return decorate(view) if view else decorate


@never_cache
def sign_in_view(request):
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        per_email, per_ip = LINK_LIMITS["per_email"], LINK_LIMITS["per_ip"]
        if within_limit("training-link-email", email_index(email), *per_email) and within_limit(
            "training-link-ip", client_ip(request), *per_ip
        ):
            send_sign_in_link(email)
        # The same page whether the address is known, new or over its limit.
        return render(request, "training/link_sent.html", {"minutes": 30})
    return render(request, "training/sign_in.html", {"form": form})


@never_cache
def use_link_view(request):
    """GET only shows a button: mail scanners open links, and must not use up a single-use one."""
    if request.method == "POST":
        learner = use_link(request.POST.get("token"))
        if learner is None:
            return render(request, "training/link_failed.html", status=400)
        sign_in(request, learner)
        return redirect("training:home" if learner.has_profile else "training:profile")
    return render(request, "training/use_link.html", {"token": request.GET.get("token", "")})


@learner_required(needs_profile=False)
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.learner)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("training:home")
    return render(request, "training/profile.html", {"form": form})


@learner_required
def home(request):
    learner = request.learner
    passes = LessonPass.objects.filter(learner=learner).order_by("passed_at")
    lessons = {page.pk: page for page in Page.objects.filter(pk__in=passes.values("lesson_id")).specific()}
    certificates = list(learner.certificates.order_by("-issued_at"))
    courses = {page.pk: page for page in Page.objects.filter(pk__in=[c.course_id for c in certificates]).specific()}
    for certificate in certificates:
        certificate.course_page = courses.get(certificate.course_id)
    return render(
        request,
        "training/home.html",
        {
            "learner": learner,
            "lessons_passed": [lessons[p.lesson_id] for p in passes if p.lesson_id in lessons],
            "certificates": certificates,
        },
    )


@require_POST
def sign_out_view(request):
    sign_out(request)
    return redirect("training:sign_in")


@learner_required
def certificate(request, code):
    found = Certificate.objects.filter(code=code, learner=request.learner).select_related("learner").first()
    if found is None:
        raise Http404
    return render(request, "training/certificate.html", {"certificate": found, "course": found.course.specific})


@never_cache
def verify(request):
    """Public: anyone holding a certificate's code can check it is real, and for whom and what."""
    form = VerifyForm(request.GET or None)
    found = None
    if form.is_valid():
        found = Certificate.objects.filter(code=form.cleaned_data["code"]).select_related("learner", "course").first()
        if found is None:
            form.add_error("code", _("No certificate has this code. Check each letter and number, and try again."))
    return render(
        request, "training/verify.html", {"form": form, "found": found, "course": found and found.course.specific}
    )


@learner_required
def organization(request):
    learner = request.learner
    if not (learner.is_coordinator and learner.organization_id):
        raise Http404
    certificates = (
        Certificate.objects.filter(learner__organization_id=learner.organization_id)
        .select_related("learner", "course")
        .order_by("-issued_at")
    )
    return render(
        request,
        "training/organization.html",
        {"organization": learner.organization, "certificates": certificates, "site_name": settings.SITE_NAME},
    )
