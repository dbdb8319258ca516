"""Editorial snippets advocates change in the admin without a developer."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class SafetyAlert(models.Model):
    """The banner on every page. The newest active alert is shown."""

    message = models.TextField(
        _("message"),
        help_text=_("Short and honest: say that leaving the site quickly does not erase history."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Declared on the model so modeltranslation adds each language's field.
    panels = [FieldPanel("message"), FieldPanel("is_active")]

    class Meta:
        verbose_name = _("safety alert")
        verbose_name_plural = _("safety alerts")
        ordering = ["-updated_at"]

    def __str__(self):
        return self.message[:60]


class Hotline(models.Model):
    """A phone line shown in the safety alert, such as 911 or a national hotline."""

    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone number"), max_length=32)
    sms = models.CharField(_("text number"), max_length=32, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("shown"), default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("phone"),
        FieldPanel("sms"),
        FieldPanel("sort_order"),
        FieldPanel("is_active"),
    ]

    class Meta:
        verbose_name = _("hotline")
        verbose_name_plural = _("hotlines")
        ordering = ["sort_order", "id"]

    def __str__(self):
        return self.name
