from modeltranslation.translator import TranslationOptions, register

from .webinars import Webinar


@register(Webinar)
class WebinarTranslation(TranslationOptions):
    fields = ("title", "description")
