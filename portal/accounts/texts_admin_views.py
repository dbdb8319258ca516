"""The advocate's threaded conversation view: every text in and out, assignment, and replies.

Replies go through send_sms like every other text, so they wait for safe hours, respect
opt-outs and are retried. The one exception: after she texts for urgent help, one reply may go out
at once, after the advocate confirms (messaging.urgent_reply). Her full number is shown only when an
advocate asks for it to call her, and that is logged where she sees it. URLs carry only the
conversation's id, never a number or a name.
"""

import logging

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import EditView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from portal.core import audit
from portal.messaging.api import send_sms
from portal.messaging.forms import AdvocateReplyForm, UrgentReplyForm
from portal.messaging.help_requests import OPEN_STATUSES, claim_contact
from portal.messaging.models import Conversation, HelpRequest, OutboundMessage
from portal.messaging.statuses import DeliveryStatus
from portal.messaging.urgent_reply import AlreadyAnswered, send_urgent_reply, urgent_text_to_answer

from .case_admin import NotFoundWhenDeniedMixin, record_read
from .models import case_organization_ids

logger = logging.getLogger(__name__)


def thread_of(conversation):
    """Texts in and out of a conversation, oldest first, as (direction, message) pairs."""
    incoming = [("in", message, message.received_at) for message in conversation.inbound_messages.all()]
    outgoing = [
        ("out", message, message.created_at) for message in conversation.outbound_messages.select_related("sent_by")
    ]
    return [(direction, message) for direction, message, _at in sorted(incoming + outgoing, key=lambda row: row[2])]


def organization_taking(user, by=None):
    """The organisation a request becomes the case of when `user` is assigned to it (by `by`)."""
    theirs = case_organization_ids(user)
    shared = [pk for pk in theirs if by is None or pk in case_organization_ids(by)]
    return (shared or theirs or [None])[0]


class HelpRequestEditView(EditView):
    """Assigning a request from the shared queue makes the number the assignee's organisation's case."""

    def save_instance(self):
        before = HelpRequest.objects.values("assigned_to_id", "status").get(pk=self.object.pk)
        with transaction.atomic():
            instance = super().save_instance()
            if instance.assigned_to_id:
                claim_contact(instance.contact, organization_taking(instance.assigned_to, self.request.user))
            if instance.assigned_to_id and instance.assigned_to_id != before["assigned_to_id"]:
                audit.log_change(instance, audit.ASSIGNED, self.request.user)
            if instance.status == HelpRequest.Status.CLOSED != before["status"]:
                audit.log_change(instance, audit.CLOSED, self.request.user)
        return instance


class ConversationThreadView(NotFoundWhenDeniedMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    model = Conversation
    permission_required = "change"
    template_name = "messaging/admin/conversation_thread.html"
    page_title = gettext_lazy("Conversation")
    header_icon = "mail"
    index_url_name = None
    read_categories = ()

    def dispatch(self, request, pk):
        if not self.permission_policy.user_has_permission(request.user, self.permission_required):
            return super().dispatch(request, pk)  # refused as before, without looking anything up
        # Only conversations this user may see (a survivor's, for their own organisation's staff).
        allowed = self.permission_policy.instances_user_has_any_permission_for(request.user, ["change", "view"])
        self.conversation = get_object_or_404(allowed.select_related("contact", "assigned_to"), pk=pk)
        self.urgent_text = urgent_text_to_answer(self.conversation)
        return super().dispatch(request, pk)

    @property
    def reply_form_class(self):
        return UrgentReplyForm if self.urgent_text is not None else AdvocateReplyForm

    @property
    def survivor(self):
        return getattr(self.conversation.contact, "survivor_profile", None)

    @property
    def index_url(self):
        return reverse(self.index_url_name)

    def get_page_subtitle(self):
        return str(self.conversation)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": self.index_url, "label": _("Conversations")},
            {"url": "", "label": str(self.conversation)},
        ]

    def get(self, request, pk):
        response = super().get(request, pk)
        # Opened by a staff member of the organisation: no longer unread for it.
        Conversation.objects.filter(pk=self.conversation.pk).update(staff_seen_at=timezone.now())
        record_read(request.user, self.survivor, self.read_categories, f"conversation {self.conversation.pk}")
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            conversation=self.conversation,
            contact=self.conversation.contact,
            thread=thread_of(self.conversation),
            help_requests=self.conversation.help_requests.all(),
            reply_form=kwargs.get("reply_form") or self.reply_form_class(),
            urgent_text=self.urgent_text,
        )
        return context

    def post(self, request, pk):
        action = request.POST.get("action")
        if action == "reply":
            return self.post_reply(request)
        if action == "show_number":
            return self.show_number(request)
        if action == "assign_me":
            self.assign(request.user)
        elif action == "close":
            self.close()
        elif action == "reopen":
            self.reopen()
        return redirect(request.path)

    def post_reply(self, request):
        if request.POST.get("outside_safe_hours") and self.urgent_text is None:
            # Not offered: her latest text is not urgent, or it was answered outside safe hours already.
            messages.error(
                request, _("Not sent: you can send outside her safe hours only once, to answer a new urgent text.")
            )
            return redirect(request.path)
        form = self.reply_form_class(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(reply_form=form))
        if not form.cleaned_data.get("outside_safe_hours"):
            self.reply(form)
        elif not form.cleaned_data["confirmed"]:
            return self.render_to_response(self.get_context_data(reply_form=form, confirm_urgent=True))
        else:
            self.urgent_reply(form)
        return redirect(request.path)

    def urgent_reply(self, form):
        template, context = form.message()
        try:
            message = send_urgent_reply(
                self.conversation, self.urgent_text, template, context, sent_by=self.request.user
            )
        except AlreadyAnswered:
            messages.error(self.request, _("Not sent: this urgent text was already answered outside her safe hours."))
            return
        audit.log_change(self.conversation, audit.REPLIED, self.request.user)
        self.report(
            message, _("Your text is being sent now. If it cannot go out in the next few minutes, it is not sent.")
        )

    def show_number(self, request):
        """Her full number, once, in this response only; the read is logged where she sees it."""
        record_read(request.user, self.survivor, ("contact",), f"phone number, conversation {self.conversation.pk}")
        logger.info("user %s showed the number of conversation %s", request.user.pk, self.conversation.pk)
        response = self.render_to_response(self.get_context_data(revealed_phone=self.conversation.contact.phone))
        add_never_cache_headers(response)
        return response

    @transaction.atomic
    def reply(self, form):
        template, context = form.message()
        message = send_sms(
            self.conversation.contact,
            template,
            context,
            purpose=OutboundMessage.Purpose.ADVOCATE,
            conversation=self.conversation,
            sent_by=self.request.user,
        )
        audit.log_change(self.conversation, audit.REPLIED, self.request.user)
        self.report(message, _("Your text is in the outbox. It will be sent at a safe time."))

    def report(self, message, queued):
        """Tell the advocate what became of a reply: `queued`, or held back by an opt-out."""
        if message.status == DeliveryStatus.CANCELLED:
            messages.warning(self.request, _("Not sent: this number has opted out or said it is a wrong number."))
        else:
            messages.success(self.request, queued)

    @transaction.atomic
    def assign(self, user):
        claim_contact(self.conversation.contact, organization_taking(user))
        Conversation.objects.filter(pk=self.conversation.pk).update(assigned_to=user)
        for help_request in self.conversation.help_requests.filter(status__in=OPEN_STATUSES, assigned_to=None):
            help_request.assigned_to = user
            help_request.save(update_fields=["assigned_to"])
            audit.log_change(help_request, audit.ASSIGNED, user)
        audit.log_change(self.conversation, audit.ASSIGNED, user)
        messages.success(self.request, _("Assigned to you."))

    @transaction.atomic
    def close(self):
        Conversation.objects.filter(pk=self.conversation.pk).update(status=Conversation.Status.CLOSED)
        for help_request in self.conversation.help_requests.filter(status__in=OPEN_STATUSES):
            help_request.status = HelpRequest.Status.CLOSED
            help_request.save(update_fields=["status"])
            audit.log_change(help_request, audit.CLOSED, self.request.user)
        audit.log_change(self.conversation, audit.CLOSED, self.request.user)
        messages.success(self.request, _("Conversation closed."))

    def reopen(self):
        try:
            with transaction.atomic():
                Conversation.objects.filter(pk=self.conversation.pk).update(status=Conversation.Status.OPEN)
        except IntegrityError:
            messages.error(self.request, _("This number already has an open conversation."))
        else:
            messages.success(self.request, _("Conversation reopened."))
