import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, RevisionMixin

from .organization import Location, Organization
from .taxonomy import TaxonomyTerm


class ServiceQuerySet(models.QuerySet):
    def public(self):
        """Published services a survivor may be shown (not inactive or defunct)."""
        return self.filter(live=True, status__in=Service.SHOWN_STATUSES)


class Service(DraftStateMixin, RevisionMixin, ClusterableModel):
    """An HSDS service. Drafts stay private until an advocate publishes them."""

    ACTIVE = "active"
    INACTIVE = "inactive"
    DEFUNCT = "defunct"
    TEMPORARILY_CLOSED = "temporarily closed"
    STATUSES = [
        (ACTIVE, _("Active")),
        (INACTIVE, _("Inactive")),
        (DEFUNCT, _("Defunct")),
        (TEMPORARILY_CLOSED, _("Temporarily closed")),
    ]
    SHOWN_STATUSES = (ACTIVE, TEMPORARILY_CLOSED)  # of a live service, those a survivor may be shown

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(_("name"), max_length=255)
    alternate_name = models.CharField(_("other name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=STATUSES, default=ACTIVE, db_index=True)
    interpretation_services = models.TextField(_("interpretation"), blank=True)
    application_process = models.TextField(_("how to get this service"), blank=True)
    fees_description = models.TextField(_("cost"), blank=True)
    wait_time = models.CharField(_("wait time"), max_length=255, blank=True)
    accreditations = models.TextField(blank=True)
    licenses = models.TextField(blank=True)
    eligibility_description = models.TextField(_("who can use it"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    alert = models.TextField(_("alert"), blank=True)
    # Last verified: set only by the explicit "verified" action, never by a plain save.
    assured_date = models.DateField(_("last verified"), null=True, blank=True, editable=False)
    assurer_email = models.EmailField(blank=True, editable=False)
    last_modified = models.DateTimeField(default=timezone.now, db_index=True)
    categories = ParentalManyToManyField(TaxonomyTerm, blank=True, related_name="category_services")
    attributes = ParentalManyToManyField(TaxonomyTerm, blank=True, related_name="attribute_services")

    # Derived by directory.indexing after every import or publish; never edited. They hold
    # no address or position: distance is worked out from the locations at search time.
    search_name = models.TextField(blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    # On PostgreSQL the database turns both into the service's SearchEntry on every write.

    objects = ServiceQuerySet.as_manager()

    panels = [
        FieldPanel("organization"),
        FieldPanel("name"),
        FieldPanel("status"),
        FieldPanel("description"),
        FieldPanel("categories"),
        FieldPanel("attributes"),
        MultiFieldPanel(
            [
                FieldPanel("eligibility_description"),
                FieldPanel("minimum_age"),
                FieldPanel("maximum_age"),
                FieldPanel("application_process"),
                FieldPanel("fees_description"),
                FieldPanel("alert"),
            ],
            heading=_("Details"),
        ),
        FieldPanel("url"),
        FieldPanel("email"),
        InlinePanel("phones", label=_("Phones")),
        InlinePanel("schedules", label=_("Opening hours")),
        InlinePanel("languages", label=_("Languages spoken")),
        InlinePanel("service_at_locations", label=_("Locations")),
        InlinePanel("service_areas", label=_("Areas served")),
        InlinePanel("required_documents", label=_("What to bring")),
        InlinePanel("cost_options", label=_("Prices")),
    ]

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        indexes = [models.Index(fields=["live", "status"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.last_modified = timezone.now()
        super().save(*args, **kwargs)

    @classmethod
    def from_serializable_data(cls, data, check_fks=True, strict_fks=False):
        """A draft read back from its revision, with its phones, hours... keyed by UUIDs again.

        The revision keeps each part's key as text; left so, the admin form cannot match a saved phone
        to its row (the phone is saved twice) and cannot sort text keys beside new UUID ones (a server
        error), so a draft with phones could never be saved, published or deleted.
        """
        service = super().from_serializable_data(data, check_fks=check_fks, strict_fks=strict_fks)
        if service is not None:
            for relation in get_all_child_relations(cls):
                for part in getattr(service, relation.get_accessor_name()).all():
                    part.pk = part._meta.pk.to_python(part.pk)
        return service


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")
    description = models.TextField(blank=True)

    panels = [FieldPanel("location"), FieldPanel("description")]

    class Meta:
        verbose_name = _("service location")

    def __str__(self):
        return f"{self.service_id} @ {self.location_id}"


class ServiceArea(models.Model):
    """Where a service's clients may live: a county ("Harris County, TX") or "Texas"."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(pgettext_lazy("place a service covers", "area"), max_length=255)
    description = models.TextField(blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=20, blank=True)
    uri = models.CharField(max_length=500, blank=True)
    area_key = models.CharField(max_length=255, editable=False, db_index=True)

    panels = [FieldPanel("name")]

    class Meta:
        verbose_name = _("area served")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.area_key = area_key(self.name)
        super().save(*args, **kwargs)


def area_key(name):
    """'Harris County, TX' -> 'harris county'; 'Texas' -> 'texas'."""
    key = name.strip().lower()
    for suffix in (", tx", ", texas"):
        key = key.removesuffix(suffix)
    return key
