"""Fields advocates translate side by side in the admin; empty ones fall back to English."""

from modeltranslation.translator import TranslationOptions, register

from .models import Location, Organization, Phone, RequiredDocument, Schedule, Service, TaxonomyTerm


@register(Service)
class ServiceTranslation(TranslationOptions):
    fields = ("name", "description", "eligibility_description", "application_process", "fees_description", "alert")


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("description",)


@register(Location)
class LocationTranslation(TranslationOptions):
    fields = ("description", "transportation", "accessibility")


@register(TaxonomyTerm)
class TaxonomyTermTranslation(TranslationOptions):
    fields = ("name", "description")


@register(RequiredDocument)
class RequiredDocumentTranslation(TranslationOptions):
    fields = ("document",)


@register(Phone)
class PhoneTranslation(TranslationOptions):
    fields = ("description",)


@register(Schedule)
class ScheduleTranslation(TranslationOptions):
    fields = ("description",)
