"""Page types. Translatable fields are registered in content/translation.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index
from wagtail.utils.decorators import cached_classmethod

from content.blocks import BodyBlock
from portal.core.translation_admin import language_tabs


class BasePage(Page):
    """Shared fields: a short plain intro and a body of blocks."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    # A new page belongs in the menu unless the editor says otherwise: the box sits on another tab,
    # and a page nobody can find from the menu is easy to publish by mistake.
    show_in_menus_default = True

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        abstract = True

    @cached_classmethod
    def get_edit_handler(cls):
        """Wagtail's Content, Promote and Settings tabs, with one tab per language after English."""
        return language_tabs(super().get_edit_handler(), cls).bind_to_model(cls)

    # Set by content.serving on a page it found with no restriction on it or above it.
    view_restrictions_held_none = False

    def get_view_restrictions(self):
        if self.view_restrictions_held_none:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class HomePage(BasePage):
    subpage_types = ["content.ContentPage", "content.SafetyPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")


class ContentPage(BasePage):
    """General information: getting help, rights, training indexes."""

    subpage_types = ["content.ContentPage", "content.TrainingPage"]

    class Meta:
        verbose_name = _("content page")


class SafetyPage(BasePage):
    """ "Browse safely": how to hide visits, and the honest limits of doing so."""

    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("safety page")
