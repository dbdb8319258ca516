"""Lessons passed and certificates earned.

A course page answers `lessons()` (its lesson pages, in order) and a lesson page answers `questions()`
(each a dict with the index of its right choice): this module works with any page that does.
"""

from django.db import transaction
from django.utils import timezone

from .models import Certificate, LessonPass


def grade(questions, answers):
    """One True or False per question: the right choice, or not (no answer counts as wrong)."""
    return [
        answer is not None and answer == question["correct"]
        for question, answer in zip(questions, answers, strict=True)
    ]


def passed_lesson_ids(learner, lessons):
    return set(LessonPass.objects.filter(learner=learner, lesson__in=lessons).values_list("lesson_id", flat=True))


@transaction.atomic
def record_pass(learner, lesson, course):
    """Note the lesson; when it was the course's last one left, issue the certificate (once)."""
    LessonPass.objects.get_or_create(learner=learner, lesson_id=lesson.pk, defaults={"passed_at": timezone.now()})
    lessons = list(course.lessons())
    if len(passed_lesson_ids(learner, lessons)) < len(lessons):
        return None
    certificate, _created = Certificate.objects.get_or_create(
        learner=learner, course_id=course.pk, defaults={"issued_at": timezone.now()}
    )
    return certificate
