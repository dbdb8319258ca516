from modeltranslation.translator import TranslationOptions, register

from .models import ServiceType


@register(ServiceType)
class ServiceTypeTranslation(TranslationOptions):
    fields = ("name",)
