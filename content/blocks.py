"""StreamField blocks for the portal's pages. Each renders with its own template."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "blocks/paragraph_block.html"


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "blocks/callout_block.html"


class HotlineBlock(blocks.StructBlock):
    """A phone line people can call or text with one tap."""

    label = blocks.CharBlock(label=_("Label"))
    phone = blocks.CharBlock(label=_("Phone number"), max_length=32)
    sms = blocks.CharBlock(label=_("Text number"), max_length=32, required=False)

    class Meta:
        icon = "mobile-alt"
        label = _("Hotline")
        template = "blocks/hotline_block.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"))
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Answer"))


class FaqBlock(blocks.ListBlock):
    """Questions that open in place with <details>: no JavaScript needed."""

    def __init__(self, **kwargs):
        super().__init__(QuestionBlock(), **kwargs)

    class Meta:
        icon = "help"
        label = _("Questions and answers")
        template = "blocks/faq_block.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))


class StepsBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(StepBlock(), **kwargs)

    class Meta:
        icon = "list-ol"
        label = _("Steps")
        template = "blocks/steps_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    callout = CalloutBlock()
    hotline = HotlineBlock()
    faq = FaqBlock()
    steps = StepsBlock()


class CheckQuestionBlock(blocks.StructBlock):
    """One multiple-choice question of a lesson's knowledge check."""

    question = blocks.CharBlock(label=_("Question"))
    choices = blocks.ListBlock(blocks.CharBlock(label=_("Choice")), label=_("Choices"), min_num=2)
    correct = blocks.IntegerBlock(
        label=_("Number of the right choice"), min_value=1, help_text=_("1 for the first choice, 2 for the second...")
    )
    explanation = blocks.TextBlock(label=_("Why it is right"), required=False)

    class Meta:
        icon = "help"
        label = _("Question")

    def clean(self, value):
        value = super().clean(value)
        if value["correct"] > len(value["choices"]):
            raise blocks.StructBlockValidationError(
                {"correct": ValidationError(_("There is no choice with this number."))}
            )
        return value


class KnowledgeCheckBlock(blocks.StreamBlock):
    question = CheckQuestionBlock()
