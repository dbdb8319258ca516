"""Who learned what: stakeholders (police, nurses, teachers...) who take the courses, never survivors.

Learners have accounts of their own, apart from staff users and survivors, and nothing here links
to a survivor record. Courses and lessons are Wagtail pages; records point at them as pages, so this
module needs no page type of its own (the page types ask this module, not the other way round).
"""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from portal.core import crypto
from portal.core.fields import EncryptedTextField


class Audience(models.TextChoices):
    LAW_ENFORCEMENT = "law-enforcement", _("Law enforcement")
    HEALTH_CARE = "health-care", _("Health care")
    SCHOOLS = "schools", _("Schools")
    CHILD_WELFARE = "child-welfare", _("Child welfare")
    FAITH_COMMUNITY = "faith-community", _("Faith and community groups")
    SERVICE_PROVIDERS = "service-providers", _("Service providers")


class TrainingOrganization(models.Model):
    """An employer whose coordinators see their own staff's completions."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    county = models.CharField(_("county"), max_length=60, blank=True)

    panels = [FieldPanel("name"), FieldPanel("county")]

    class Meta:
        verbose_name = _("training organisation")
        verbose_name_plural = _("training organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


def email_index(email):
    return crypto.blind_index(email.strip().lower(), "training-learner-email")


class Learner(models.Model):
    email = EncryptedTextField(_("email"))
    email_index = models.CharField(max_length=64, unique=True, editable=False)
    name = EncryptedTextField(_("name on certificates"), blank=True)
    audience = models.CharField(_("field of work"), max_length=40, choices=Audience.choices, blank=True)
    county = models.CharField(_("county"), max_length=60, blank=True)
    organization = models.ForeignKey(
        TrainingOrganization,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="learners",
    )
    is_coordinator = models.BooleanField(
        _("coordinator"), default=False, help_text=_("Sees the completions of everyone in the same organisation.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("organization"), FieldPanel("is_coordinator"), FieldPanel("audience"), FieldPanel("county")]

    class Meta:
        verbose_name = _("learner")
        verbose_name_plural = _("learners")

    def __str__(self):
        return self.name or _("Learner %(number)s") % {"number": self.pk}

    def save(self, *args, **kwargs):
        self.email_index = email_index(self.email)
        super().save(*args, **kwargs)

    @property
    def has_profile(self):
        return bool(self.name and self.audience and self.county)


class SignInLink(models.Model):
    """A one-time sign-in link. Only a hash of its token is kept, so a copy of the database signs nobody in."""

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="sign_in_links")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"sign-in link {self.pk}"


class LessonPass(models.Model):
    """A lesson's knowledge check, passed."""

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="lesson_passes")
    lesson = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    passed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["learner", "lesson"], name="one_pass_per_lesson")]

    def __str__(self):
        return f"lesson {self.lesson_id} passed {self.passed_at:%Y-%m-%d}"


def new_certificate_code():
    """Ten characters from an alphabet without look-alikes (no 0/O, 1/I/L), easy to read over the phone."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class Certificate(models.Model):
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="certificates")
    course = models.ForeignKey("wagtailcore.Page", on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("verification code"), max_length=10, unique=True, default=new_certificate_code)
    issued_at = models.DateTimeField(_("issued"))

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [models.UniqueConstraint(fields=["learner", "course"], name="one_certificate_per_course")]
        permissions = [("view_training_report", _("Can see training counts by field of work and county"))]

    def __str__(self):
        return self.code


# Webinars live in their own module; imported here so Django finds the models.
from .webinars import Registration, Webinar  # noqa: E402, F401
