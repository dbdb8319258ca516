"""The parts of a service HSDS keeps in their own tables: phones, hours, languages..."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel

from portal.core.phones import dial_string

from .organization import Location, Organization
from .service import Service

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class Phone(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = ParentalKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones")
    location = ParentalKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="phones")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    number = models.CharField(_("number"), max_length=50)
    extension = models.CharField(_("extension"), max_length=20, blank=True)
    type = models.CharField(
        _("type"),
        max_length=20,
        default="voice",
        choices=[
            ("voice", _("Voice")),
            ("text", _("Text")),
            ("fax", _("Fax")),
            ("cell", _("Cell")),
            ("video", _("Video")),
            ("pager", _("Pager")),
            ("textphone", _("Textphone")),
        ],
    )
    description = models.CharField(_("description"), max_length=255, blank=True)

    panels = [FieldPanel("number"), FieldPanel("extension"), FieldPanel("type"), FieldPanel("description")]

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.number

    @property
    def dial(self):
        return dial_string(self.number)


class Schedule(models.Model):
    """Weekly opening hours in iCal terms, in the service's own time zone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = ParentalKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules")
    freq = models.CharField(
        _("repeats"), max_length=10, default="WEEKLY", choices=[("WEEKLY", _("Weekly")), ("DAILY", _("Daily"))]
    )
    interval = models.PositiveSmallIntegerField(default=1)
    byday = models.CharField(_("days"), max_length=50, blank=True, help_text=_("For example MO,TU,WE,TH,FR"))
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="America/Chicago")
    description = models.TextField(_("description"), blank=True)
    attending_type = models.CharField(max_length=255, blank=True)
    notes = models.TextField(blank=True)

    panels = [
        FieldPanel("byday"),
        FieldPanel("opens_at"),
        FieldPanel("closes_at"),
        FieldPanel("valid_from"),
        FieldPanel("valid_to"),
        FieldPanel("timezone"),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["opens_at"]

    def __str__(self):
        return f"{self.byday} {self.opens_at}-{self.closes_at}"

    def days(self):
        return days_of(self.byday)


def days_of(byday):
    """'MO, WE' -> ['MO', 'WE']; none listed means every day."""
    return [day for day in byday.replace(" ", "").split(",") if day] or list(WEEKDAYS)


class Language(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = ParentalKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="languages")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="languages")
    phone = models.ForeignKey(Phone, null=True, blank=True, on_delete=models.CASCADE, related_name="languages")
    name = models.CharField(_("language"), max_length=100)
    code = models.CharField(_("code"), max_length=10, db_index=True, help_text=_("Two letters, for example es"))
    note = models.CharField(max_length=255, blank=True)

    panels = [FieldPanel("name"), FieldPanel("code")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CostOption(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.CharField(_("option"), max_length=255, blank=True)
    currency = models.CharField(max_length=3, blank=True, default="USD")
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2, null=True, blank=True)
    amount_description = models.CharField(_("description"), max_length=255, blank=True)

    panels = [FieldPanel("option"), FieldPanel("amount"), FieldPanel("amount_description")]

    def __str__(self):
        return self.option or str(self.amount)


class RequiredDocument(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="required_documents")
    document = models.TextField(_("document"))
    uri = models.CharField(max_length=500, blank=True)

    panels = [FieldPanel("document")]

    def __str__(self):
        return self.document


class ServiceContact(models.Model):
    """A named contact at a service, shown to staff and partners, not to survivors (HSDS "contact";
    named apart from the phone numbers portal.messaging texts, its Contact)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = ParentalKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=255, blank=True)
    title = models.CharField(_("job title"), max_length=255, blank=True)
    department = models.CharField(max_length=255, blank=True)
    email = models.EmailField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("title"), FieldPanel("email")]

    def __str__(self):
        return self.name or self.title
