"""The public "ask for help" page, /<lang>/help/: no account, works without JavaScript."""

from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import proposals, texts
from .api import send_sms
from .forms import HelpRequestForm
from .help_requests import open_help_request
from .models import Contact, HelpRequest, OutboundMessage
from .rate_limits import count_text_sent, ip_allowed, phone_allowed


@require_http_methods(["GET", "POST"])
def help_request(request):
    form = HelpRequestForm(request.POST or None, initial={"language": get_language()})
    status = 200
    if request.method == "POST":
        if not ip_allowed(request):
            form.is_valid()
            form.add_error(None, _("Too many requests from here. Please wait an hour and try again, or call 911."))
            status = 429
        elif form.is_valid():
            # The same answer whether the number is new, known, opted out or over its limit.
            if phone_allowed(form.cleaned_data["phone"]):
                submit_help_request(form)
                count_text_sent(request)
            return redirect("help_request_sent", permanent=False)
        else:
            status = 400
    return render(request, "messaging/help_form.html", {"form": form}, status=status)


def help_request_sent(request):
    return render(request, "messaging/help_sent.html")


@transaction.atomic
def submit_help_request(form):
    """Record the request and queue a discreet confirmation.

    Preferences from the form apply at once only to a number we did not know. For a known number
    they wait for the phone to reply YES: anyone can type any number, and only whoever holds the
    phone may change how we text it. Until then, texts keep the number's own language and code word.
    """
    data = form.cleaned_data
    contact, created_contact = Contact.objects.get_or_create_for_phone(data["phone"], **form.contact_preferences())
    help_request, created = open_help_request(
        contact, source=HelpRequest.Source.WEB, kind=data["kind"], message=data["message"]
    )
    if not created and data["message"]:
        help_request.message = "\n\n".join(part for part in (help_request.message, data["message"]) if part)
        help_request.save(update_fields=["message"])
    send_sms(
        contact,
        texts.HELP_FORM_CONFIRMATION,
        language=data["language"] if created_contact else contact.language,
        purpose=OutboundMessage.Purpose.HELP_CONFIRMATION,
        conversation=help_request.conversation,
    )
    if not created_contact:
        proposals.propose(contact, form.contact_preferences(), help_request.conversation)
    return help_request
