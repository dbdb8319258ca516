import uuid

from django.apps import apps
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel


class Organization(models.Model):
    """An agency in the directory; partner agencies' staff belong to one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(_("name"), max_length=255)
    alternate_name = models.CharField(_("other name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    tax_status = models.CharField(max_length=100, blank=True)
    tax_id = models.CharField(max_length=100, blank=True)
    year_incorporated = models.PositiveSmallIntegerField(null=True, blank=True)
    legal_status = models.CharField(max_length=100, blank=True)
    uri = models.CharField(max_length=500, blank=True)
    last_modified = models.DateTimeField(auto_now=True)
    # Sticky like a location's flag: an import never touches it; only staff with the
    # "clear_confidential" permission can clear it, in the admin, and that is logged
    # (directory.forms.OrganizationAdminForm). See LocationQuerySet for what it hides.
    is_confidential = models.BooleanField(
        _("all places confidential"),
        default=False,
        help_text=_(
            "Hide the address and map position of every place of this organization and of its services. "
            "People call to learn where they are."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("is_confidential"),
        FieldPanel("alternate_name"),
        FieldPanel("description"),
        FieldPanel("email"),
        FieldPanel("website"),
    ]

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self):
        return self.name


def kept_secret_by_an_organization():
    """True for a location whose organization is confidential, or where a service of a
    confidential organization is given (its id would tie the place to that organization)."""
    service_at_location = apps.get_model("directory", "ServiceAtLocation")
    secret_organizations = Organization.objects.filter(is_confidential=True).values("pk")
    # Each a set read once per query and looked up per location (a hashed IN), not a join per location.
    secret_places = service_at_location.objects.filter(service__organization__in=secret_organizations)
    return Q(organization__in=secret_organizations) | Q(pk__in=secret_places.values("location_id"))


class LocationQuerySet(models.QuerySet):
    """The one place that says which locations may show where they are.

    A location is kept confidential when it is flagged itself or an organization keeps it
    secret (kept_secret_by_an_organization). Every consumer asks here: queries through
    `public()`, pages and documents through `Location.kept_confidential` (cheap after
    `with_confidentiality()`).
    """

    def with_confidentiality(self):
        return self.annotate(
            secret_by_organization=ExpressionWrapper(kept_secret_by_an_organization(), output_field=BooleanField())
        )

    def public(self):
        return self.filter(~Q(is_confidential=True) & ~kept_secret_by_an_organization())

    def kept_confidential(self):
        return self.filter(Q(is_confidential=True) | kept_secret_by_an_organization())


class Location(ClusterableModel):
    """A place. A confidential one (a shelter) never shows its address or coordinates."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="locations"
    )
    location_type = models.CharField(
        _("type"),
        max_length=20,
        default="physical",
        choices=[("physical", _("Physical")), ("postal", _("Postal")), ("virtual", _("Virtual"))],
    )
    name = models.CharField(_("name"), max_length=255, blank=True)
    alternate_name = models.CharField(_("other name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(_("how to get there"), blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    url = models.URLField(blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.CharField(max_length=100, blank=True)
    external_identifier_type = models.CharField(max_length=100, blank=True)
    # Sticky: an import may set it, never clear it; only staff with the "clear_confidential"
    # permission can clear it, in the admin, and that is logged (directory.forms.LocationAdminForm).
    is_confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Hide the address and map position everywhere. People call to learn where it is."),
    )

    objects = LocationQuerySet.as_manager()

    panels = [
        FieldPanel("organization"),
        FieldPanel("name"),
        FieldPanel("is_confidential"),
        FieldPanel("description"),
        FieldPanel("transportation"),
        FieldPanel("accessibility"),
        FieldPanel("latitude"),
        FieldPanel("longitude"),
        InlinePanel("addresses", label=_("Addresses")),
        InlinePanel("phones", label=_("Phones")),
    ]

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        permissions = [("clear_confidential", "Can make a confidential location public")]
        indexes = [
            # A search near a place looks up the locations in a box around it (nearby.services_within), and
            # whether each is public, from this index alone: the location rows are wide.
            models.Index(
                fields=["latitude", "longitude"],
                include=["id", "is_confidential", "organization"],
                name="directory_location_position",
            )
        ]

    def __str__(self):
        return self.name or str(self.id)

    @property
    def kept_confidential(self):
        """Whether the address and position stay hidden: the location's own flag or its
        organization's (see LocationQuerySet). Every page and document asks this."""
        if self.is_confidential:
            return True
        if hasattr(self, "secret_by_organization"):
            return bool(self.secret_by_organization)
        if self._state.adding:
            return bool(self.organization_id and self.organization.is_confidential)
        return type(self).objects.filter(pk=self.pk).kept_confidential().exists()


class Address(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    location = ParentalKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(max_length=255, blank=True)
    address_1 = models.CharField(_("address"), max_length=255)
    address_2 = models.CharField(_("address line 2"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=100)
    region = models.CharField(max_length=100, blank=True)
    state_province = models.CharField(_("state"), max_length=100)
    postal_code = models.CharField(_("ZIP code"), max_length=20)
    country = models.CharField(_("country"), max_length=2, default="US")
    address_type = models.CharField(max_length=20, default="physical")

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self):
        return f"{self.address_1}, {self.city}"
