from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token

from .forms import OneTimeCodeForm
from .second_factor import (
    authenticator_secret,
    has_authenticator,
    has_confirmed_device,
    issue_backup_codes,
    pending_authenticator,
    qr_code_svg,
)


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("wagtailadmin_home")


@login_required
def verify(request):
    """Ask a signed-in staff member for their second factor."""
    if not has_confirmed_device(request.user):
        return redirect("staff_enrol")
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if not has_authenticator(request.user):
                # Signed in with a backup code and nothing else: set up the app first, or the
                # next sign-in needs another code from a short list.
                return redirect(f"{reverse('staff_enrol')}?{urlencode({'next': _next_url(request)})}")
            return redirect(_next_url(request))
        form.add_error("code", _("That code did not work. Check it and try again."))
    return render(request, "accounts/second_factor_verify.html", {"form": form, "next": _next_url(request)})


@login_required
def enrol(request):
    """Set up an authenticator app; staff without one cannot reach the admin."""
    if has_confirmed_device(request.user) and not request.user.is_verified():
        return redirect("staff_verify")
    device = pending_authenticator(request.user)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            codes = issue_backup_codes(request.user)
            return render(request, "accounts/backup_codes.html", {"codes": codes, "next": _next_url(request)})
        form.add_error("code", _("That code did not work. Check the time on your phone and try again."))
    context = {
        "form": form,
        "qr_svg": qr_code_svg(device),
        "secret": authenticator_secret(device),
        "next": _next_url(request),
    }
    return render(request, "accounts/second_factor_enrol.html", context)
