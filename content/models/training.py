"""Courses for stakeholders: a training page is a course, its child pages are its lessons, in order.

Who passed what is recorded by portal.training; these pages answer its two questions, `lessons()`
and `questions()`, and hand it the learner's answers.
"""

from django.conf import settings
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField

from content.blocks import KnowledgeCheckBlock
from portal.training.progress import grade, passed_lesson_ids, record_pass
from portal.training.sign_in import current_learner

from .pages import BasePage


class TrainingPage(BasePage):
    """A course: what it teaches, for whom and how long, then its lessons."""

    audience = models.CharField(_("audience"), max_length=255, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"), null=True, blank=True)
    objectives = models.TextField(_("learning objectives"), blank=True, help_text=_("One objective per line."))

    content_panels = BasePage.content_panels + [
        FieldPanel("audience"),
        FieldPanel("duration_minutes"),
        FieldPanel("objectives"),
    ]
    parent_page_types = ["content.ContentPage"]
    subpage_types = ["content.LessonPage"]

    class Meta:
        verbose_name = _("course")

    def lessons(self):
        return LessonPage.objects.child_of(self).live().order_by("path")

    def objective_list(self):
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]

    def languages(self):
        """The site's languages this course is written in (a title in that language)."""
        return [name for code, name in settings.LANGUAGES if getattr(self, f"title_{code.replace('-', '_')}", "")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        lessons = list(self.lessons())
        learner = current_learner(request)
        passed = passed_lesson_ids(learner, lessons) if learner else set()
        context.update(
            learner=learner,
            lessons=[(lesson, lesson.pk in passed) for lesson in lessons],
            next_lesson=next((lesson for lesson in lessons if lesson.pk not in passed), None),
            certificate=learner and learner.certificates.filter(course_id=self.pk).first(),
        )
        return context


class LessonPage(BasePage):
    video_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("video file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("An uploaded video (MP4 or WebM). It plays on this site."),
    )
    video_link = models.URLField(
        _("video link"), blank=True, help_text=_("A video on another site. It is shown as a link, never embedded.")
    )
    knowledge_check = StreamField(KnowledgeCheckBlock(), blank=True, verbose_name=_("knowledge check"))

    content_panels = BasePage.content_panels + [
        MultiFieldPanel([FieldPanel("video_document"), FieldPanel("video_link")], heading=_("Video")),
        FieldPanel("knowledge_check"),
    ]
    parent_page_types = ["content.TrainingPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")

    def questions(self):
        """Each question with its choices and the index (from 0) of the right one."""
        return [
            {
                "number": number,
                "question": block.value["question"],
                "choices": list(block.value["choices"]),
                "correct": block.value["correct"] - 1,
                "explanation": block.value["explanation"],
            }
            for number, block in enumerate(self.knowledge_check, start=1)
        ]

    def serve(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        learner = current_learner(request)
        if learner is None:
            return redirect("training:sign_in")
        questions = self.questions()
        answers = [_chosen(request.POST.get(f"q{question['number']}"), question) for question in questions]
        results = grade(questions, answers)
        course = self.get_parent().specific
        if all(results):
            certificate = record_pass(learner, self, course)
            if certificate:
                return redirect("training:certificate", code=certificate.code)
            following = next((lesson for lesson in course.lessons() if lesson.path > self.path), None)
            return redirect((following or course).url)
        context = self.get_context(request, *args, **kwargs)
        context.update(answers=answers, results=results, checked=True)
        return TemplateResponse(request, self.get_template(request), context, status=200)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        learner = current_learner(request)
        context.update(
            learner=learner,
            course=self.get_parent().specific,
            passed=bool(learner and passed_lesson_ids(learner, [self])),
            video_is_file=bool(self.video_document),
        )
        return context


def _chosen(value, question):
    """The choice's index, or None for no answer or one that is not a choice (a tampered form)."""
    try:
        index = int(value)
    except (TypeError, ValueError):
        return None
    return index if 0 <= index < len(question["choices"]) else None
