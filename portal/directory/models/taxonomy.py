import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Taxonomy(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    uri = models.CharField(max_length=500, blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")

    def __str__(self):
        return self.name


class TaxonomyTerm(models.Model):
    """A category survivors search by, or an attribute such as "no police report needed"."""

    CATEGORY = "category"
    ATTRIBUTE = "attribute"
    OTHER = "other"
    KINDS = [(CATEGORY, _("Category")), (ATTRIBUTE, _("Survivor attribute")), (OTHER, _("Other"))]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    taxonomy = models.ForeignKey(Taxonomy, null=True, blank=True, on_delete=models.SET_NULL, related_name="terms")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    code = models.CharField(_("code"), max_length=100, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=KINDS, default=OTHER, db_index=True)
    term_uri = models.CharField(max_length=500, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        ordering = ["kind", "sort_order", "name"]

    def __str__(self):
        return self.name
