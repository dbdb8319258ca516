"""A directory page's "Text me these details": a service's name and phone, texted to the visitor's own phone.

It sends a text, so it lives in messaging, above the directory it reads from.
"""

from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.directory.by_text import discreet_name
from portal.directory.models import Service

from . import texts
from .api import send_sms
from .forms import TextMeForm
from .rate_limits import count_text_sent, ip_allowed, phone_allowed


def _public_service(service_id):
    return Service.objects.public().select_related("organization").filter(pk=service_id).first()


@require_http_methods(["GET", "POST"])
def text_me(request, service_id):
    """Send a service's name and phone to the survivor's own phone, through the outbox.

    On its own page so that only this page sets a CSRF cookie; limited per address and per
    number like the help form, so nobody can use it to text strangers in bulk. The number's
    safe hours apply: anyone can type any number, so this text waits for a safe time.
    """
    service = _public_service(service_id)
    if service is None:
        raise Http404
    phone = service.phones.exclude(type="text").order_by("id").first() or service.phones.order_by("id").first()
    form = TextMeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not ip_allowed(request):
            form.is_valid()
            form.add_error(None, _("Too many requests from here. Please wait an hour and try again."))
            status = 429
        elif form.is_valid() and phone is not None:
            if phone_allowed(form.cleaned_data["phone"]):
                with transaction.atomic():
                    send_sms(
                        form.cleaned_data["phone"],
                        texts.DIRECTORY_DETAILS,
                        {"name": discreet_name(service.name), "phone": phone.number},
                        language=get_language(),
                    )
                count_text_sent(request)
            # The same answer whatever happened: the page never says what a number is.
            return redirect(f"{request.path}?sent=1")
        else:
            status = 400
    context = {"service": service, "form": form, "sent": request.GET.get("sent") == "1"}
    return render(request, "directory/text_me.html", context, status=status)
