"""The advocate side in the Wagtail admin: the help-request queue, conversations and contacts of
portal.messaging, scoped like every case record (accounts.case_admin); registered in wagtail_hooks.

Nothing here is created by hand (requests come from the form and from texts), so there is no
"add" anywhere; list filters and ids in URLs, never a phone number or a message.
"""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSetGroup

from portal.messaging.models import Contact, Conversation, HelpRequest

from .case_admin import CaseRecordViewSet
from .case_links import case_column
from .case_search import CaseSearchMixin
from .texts_admin_views import ConversationThreadView, HelpRequestEditView


class TextsViewSet(CaseRecordViewSet):
    """A number's texts and requests belong to whoever's case it is (Contact.organization): the
    survivor's organisation, or the one whose advocate took it from the shared queue. Until
    someone takes it, every advocate answers it. Nothing is added by hand: requests come from the
    form and from texts."""

    permission_actions = ("change", "view")
    shared_while_unowned = True
    add_to_reference_index = False  # no references to track; keeps the webhook write path short


def waiting_count():
    """Help requests nobody has picked up yet: the number on the menu badge."""
    return HelpRequest.objects.filter(status__in=(HelpRequest.Status.NEW, HelpRequest.Status.URGENT)).count()


class WaitingCountMenuItemMixin:
    def render_component(self, request):
        component = super().render_component(request)
        count = waiting_count()
        if count:
            component.label = f"{component.label} ({count})"
            component.attrs = {**component.attrs, "data-waiting-count": str(count)}
        return component


def thread_url(conversation_id):
    return reverse("conversations:thread", args=[conversation_id])


def unread_column(conversation_of):
    """ "Unread" when she wrote after a staff member of the organisation last opened or answered the thread."""
    return Column("unread", label=_("Unread"), accessor=lambda obj: _("Unread") if conversation_of(obj).unread else "")


class HelpRequestIndexView(CaseSearchMixin, IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("conversation", "assigned_to")


class HelpRequestViewSet(TextsViewSet):
    model = HelpRequest
    organization_path = "contact__organization_id"
    survivor_path = "contact__survivor_profile"
    read_categories = ("contact",)
    name = "help-requests"
    icon = "help"
    menu_label = _("Help requests")
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        "__str__",
        "status",
        "urgent",
        "kind",
        "source",
        "assigned_to",
        "created_at",
        TitleColumn("conversation", label=_("Conversation"), get_url=lambda obj: thread_url(obj.conversation_id)),
        unread_column(lambda obj: obj.conversation),
        case_column("contact__survivor_profile__pk"),
    ]
    list_filter = ["status", "urgent", "kind", "source", "assigned_to"]
    form_fields = ["kind", "status", "urgent", "assigned_to"]
    edit_view_class = HelpRequestEditView
    index_view_class = HelpRequestIndexView

    @cached_property
    def menu_item_class(self):
        return type("HelpRequestMenuItem", (WaitingCountMenuItemMixin, super().menu_item_class), {})


class ConversationIndexView(CaseSearchMixin, IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("contact", "assigned_to")


class ConversationViewSet(TextsViewSet):
    model = Conversation
    organization_path = "contact__organization_id"
    survivor_path = "contact__survivor_profile"
    read_categories = ("contact",)
    name = "conversations"
    icon = "mail"
    menu_label = _("Conversations")
    list_display = [
        TitleColumn("__str__", label=_("Conversation"), get_url=lambda obj: thread_url(obj.pk)),
        "status",
        "urgent",
        "assigned_to",
        unread_column(lambda obj: obj),
        Column(
            "wrong_number",
            label=_("Wrong number"),
            accessor=lambda obj: _("Yes") if obj.contact.wrong_number_at else "",
        ),
        Column("opted_out", label=_("Opted out"), accessor=lambda obj: _("Yes") if obj.contact.opted_out_at else ""),
        "last_message_at",
        case_column("contact__survivor_profile__pk"),
    ]
    list_filter = ["status", "urgent", "assigned_to"]
    form_fields = ["status", "urgent", "assigned_to"]

    index_view_class = ConversationIndexView

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "thread/<int:pk>/",
                ConversationThreadView.as_view(
                    index_url_name=self.get_url_name("index"), read_categories=self.read_categories
                ),
                name="thread",
            )
        ]


class ContactViewSet(TextsViewSet):
    model = Contact
    organization_path = "organization_id"
    survivor_path = "survivor_profile"
    read_categories = ("contact",)
    name = "contacts"
    icon = "user"
    menu_label = _("Safe contact settings")
    list_display = ["__str__", "masked_phone", "language", "time_zone", "opted_out_at", "wrong_number_at"]
    list_filter = ["language", "time_zone", "may_identify"]
    form_fields = [
        "language",
        "time_zone",
        "safe_hours_start",
        "safe_hours_end",
        "may_identify",
        "code_word",
    ]
    # Not "opted_out_at" or "wrong_number_at": a STOP is lifted only by her START (the carriers' rule, and
    # her word against a guess), and a wrong number only by its owner's; staff read both in the listing.


class MessagingViewSetGroup(ModelViewSetGroup):
    items = (HelpRequestViewSet, ConversationViewSet, ContactViewSet)
    menu_icon = "help"
    menu_label = _("Help and texts")
    # Not "help...": the sidebar opens every menu whose name starts another open one's, and Wagtail's own
    # Help menu is "help", so both flyouts would open together.
    menu_name = "texts-inbox"

    def get_menu_item(self, order=None):
        item = super().get_menu_item(order)
        item.__class__ = type("MessagingMenuItem", (WaitingCountMenuItemMixin, type(item)), {})
        return item
