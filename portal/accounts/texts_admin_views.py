"""The advocate's threaded conversation view: every text in and out, assignment, and replies.

Replies go through send_sms like every other text, so they wait for safe hours, respect
opt-outs and are retried. URLs carry only the conversation's id, never a number or a name.
"""

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import EditView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from portal.messaging.api import send_sms
from portal.messaging.forms import AdvocateReplyForm
from portal.messaging.help_requests import OPEN_STATUSES, claim_contact
from portal.messaging.models import Conversation, HelpRequest, OutboundMessage
from portal.messaging.statuses import DeliveryStatus

from .case_admin import NotFoundWhenDeniedMixin, record_read
from .models import case_organization_ids


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
        with transaction.atomic():
            instance = super().save_instance()
            if instance.assigned_to_id:
                claim_contact(instance.contact, organization_taking(instance.assigned_to, self.request.user))
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
        return super().dispatch(request, pk)

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
        survivor = getattr(self.conversation.contact, "survivor_profile", None)
        record_read(request.user, survivor, self.read_categories, f"conversation {self.conversation.pk}")
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            conversation=self.conversation,
            contact=self.conversation.contact,
            thread=thread_of(self.conversation),
            help_requests=self.conversation.help_requests.all(),
            reply_form=kwargs.get("reply_form") or AdvocateReplyForm(),
        )
        return context

    def post(self, request, pk):
        action = request.POST.get("action")
        if action == "reply":
            form = AdvocateReplyForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(reply_form=form))
            self.reply(form)
        elif action == "assign_me":
            self.assign(request.user)
        elif action == "close":
            self.close()
        elif action == "reopen":
            self.reopen()
        return redirect(request.path)

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
        if message.status == DeliveryStatus.CANCELLED:
            messages.warning(self.request, _("Not sent: this number has opted out or said it is a wrong number."))
        else:
            messages.success(self.request, _("Your text is in the outbox. It will be sent at a safe time."))

    @transaction.atomic
    def assign(self, user):
        claim_contact(self.conversation.contact, organization_taking(user))
        Conversation.objects.filter(pk=self.conversation.pk).update(assigned_to=user)
        for help_request in self.conversation.help_requests.filter(status__in=OPEN_STATUSES, assigned_to=None):
            help_request.assigned_to = user
            help_request.save(update_fields=["assigned_to"])
        messages.success(self.request, _("Assigned to you."))

    @transaction.atomic
    def close(self):
        Conversation.objects.filter(pk=self.conversation.pk).update(status=Conversation.Status.CLOSED)
        for help_request in self.conversation.help_requests.filter(status__in=OPEN_STATUSES):
            help_request.status = HelpRequest.Status.CLOSED
            help_request.save(update_fields=["status"])
        messages.success(self.request, _("Conversation closed."))

    def reopen(self):
        try:
            with transaction.atomic():
                Conversation.objects.filter(pk=self.conversation.pk).update(status=Conversation.Status.OPEN)
        except IntegrityError:
            messages.error(self.request, _("This number already has an open conversation."))
        else:
            messages.success(self.request, _("Conversation reopened."))
