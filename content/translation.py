from modeltranslation.translator import TranslationOptions, register

from content.models import ContentPage, HomePage, Hotline, LessonPage, SafetyAlert, SafetyPage, TrainingPage


class BasePageTranslation(TranslationOptions):
    fields = ("intro", "body")


@register(HomePage)
class HomePageTranslation(BasePageTranslation):
    pass


@register(ContentPage)
class ContentPageTranslation(BasePageTranslation):
    pass


@register(SafetyPage)
class SafetyPageTranslation(BasePageTranslation):
    pass


@register(TrainingPage)
class TrainingPageTranslation(TranslationOptions):
    fields = ("intro", "body", "audience", "objectives")


@register(LessonPage)
class LessonPageTranslation(TranslationOptions):
    fields = ("intro", "body", "video_link", "knowledge_check")


@register(SafetyAlert)
class SafetyAlertTranslation(TranslationOptions):
    fields = ("message",)


@register(Hotline)
class HotlineTranslation(TranslationOptions):
    fields = ("name",)
