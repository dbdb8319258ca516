"""The demo survivor `seed_demo` creates: a fictional person with a plan, for trying the portal.

Idempotent: once the survivor exists, nothing is added or changed. Their goals are in their own
words (Spanish); the steps are written the way their advocate would write them, in Spanish too.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from portal.accounts.models import Membership, SurvivorProfile
from portal.directory.models import Organization, Service
from portal.messaging.models import Contact
from portal.plans.models import Appointment, Goal, Plan, PlanEvent, Referral, Step, record_event

from .consent import grant_demo_consent

DEMO_SURVIVOR_PHONE = "+15125550177"  # 555-01xx: reserved for fiction
# Red Pegasus Survivor Alliance (case management) and a legal-aid visa service from the demo directory.
DEMO_ORGANIZATION_ID = "48824a6c-898f-59cd-840f-b02b64f6cab6"
DEMO_REFERRAL_SERVICE_ID = "6c0ca44f-1fc6-5a9f-bfb4-560ed20f6b1f"

GOALS = [
    ("Quiero un lugar seguro para vivir con mi hija.", Goal.Domain.HOUSING),
    ("Arreglar mis papeles para poder quedarme aquí sin miedo.", Goal.Domain.LEGAL),
    ("Aprender inglés y conseguir un trabajo con horario de día.", Goal.Domain.INCOME),
]
SURVIVOR_STEPS = [
    "Llevar mi pasaporte y mis cartas a la cita con la abogada.",
    "Llenar la solicitud de vivienda con mi consejera.",
    "Ir a la primera clase de inglés del martes.",
    "Llamar a la clínica para pedir una cita.",
    "Abrir una cuenta en el banco.",
    "Escribir las preguntas para la abogada.",
]
OTHER_STEPS = [
    ("Enviar la carta de apoyo a la abogada.", Step.Who.ADVOCATE),
    ("Revisar si hay lugar en la vivienda de transición.", Step.Who.AGENCY),
]


def demo_organization():
    return Organization.objects.filter(pk=DEMO_ORGANIZATION_ID).first() or Organization.objects.order_by("name").first()


@transaction.atomic
def seed_demo_survivor(advocate_username):
    """Return the demo survivor's phone number, creating them (and the advocate's membership) once."""
    organization = demo_organization()
    advocate = get_user_model().objects.get(username=advocate_username)
    Membership.objects.get_or_create(
        user=advocate, organization=organization, defaults={"role": Membership.Role.ADVOCATE}
    )
    contact, _created = Contact.objects.get_or_create_for_phone(
        DEMO_SURVIVOR_PHONE, language="es", safe_hours_start=time(0), safe_hours_end=time(0), code_word="Girasol"
    )
    if SurvivorProfile.objects.filter(contact=contact).exists():
        return DEMO_SURVIVOR_PHONE
    profile = SurvivorProfile.objects.create(
        organization=organization, name="Ana (demo)", contact=contact, preferred_language="es", created_by=advocate
    )
    plan = Plan.objects.create(
        survivor=profile, primary_advocate=advocate, next_review_date=timezone.localdate() + timedelta(days=30)
    )
    for text, domain in GOALS:
        Goal.objects.create(plan=plan, text=text, domain=domain, proposed_by=Goal.ProposedBy.SURVIVOR)
    today = timezone.localdate()
    for days, text in enumerate(SURVIVOR_STEPS, start=3):
        Step.objects.create(plan=plan, text=text, who=Step.Who.SURVIVOR, due_date=today + timedelta(days=days))
    for text, who in OTHER_STEPS:
        Step.objects.create(plan=plan, text=text, who=who, due_date=today + timedelta(days=7))
    service = Service.objects.filter(pk=DEMO_REFERRAL_SERVICE_ID).first() or Service.objects.order_by("name").first()
    if service.organization_id != organization.pk:
        grant_demo_consent(profile, service.organization, advocate)
    Referral.objects.create(plan=plan, service=service, status=Referral.Status.SENT)
    starts = timezone.make_aware(datetime.combine(today + timedelta(days=5), time(10)))
    Appointment.objects.create(
        plan=plan, starts_at=starts, with_whom="Lic. Rivera (abogada)", place="Oficina del centro"
    )
    record_event(plan, PlanEvent.Kind.CREATED, actor=PlanEvent.Actor.STAFF, staff=advocate)
    return DEMO_SURVIVOR_PHONE
