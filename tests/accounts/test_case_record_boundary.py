"""No admin page that takes an id shows another organisation's case record, including pages added later.

The walk starts from the admin URL resolver, not from a list written here: every URL pattern under
/admin/ with an id, whatever app registered it. A case record is any model that leads to a survivor
or a phone contact; the test finds them from the models, so a new one is covered by itself.
"""

import sys
import types

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, include, path
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from portal.accounts.case_admin import CaseRecordViewSet
from portal.accounts.models import Membership, NumberRequest, SurvivorProfile
from portal.casework.models import CaseNote
from portal.checkins.models import CheckInPlan
from portal.directory.models import Service
from portal.messaging.help_requests import open_help_request
from portal.messaging.models import Contact, HelpRequest
from portal.plans.models import Referral
from portal.sharing.models import CareTeamMember, Consent, LegalDisclosure
from portal.sharing.policy import read
from portal.voice.models import Call
from tests.accounts.builders import make_organization, make_plan, make_staff, make_survivor, verified_admin_client
from tests.sharing.builders import make_consent

pytestmark = pytest.mark.django_db

CASE_ROOTS = (SurvivorProfile, Contact)
SECRET_NAME = "Zenaida Unseenname"
SECRET_TEXT = "meet me behind the laundromat at six"


def leads_to_a_case(model, depth=3):
    if model in CASE_ROOTS:
        return True
    if depth == 0:
        return False
    return any(
        field.many_to_one or field.one_to_one
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False)
        and getattr(field, "related_model", None) is not None
        and leads_to_a_case(field.related_model, depth - 1)
    )


def case_models():
    return {model for model in apps.get_models() if leads_to_a_case(model)}


def walk(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def view_model(entry):
    callback = entry.callback
    initkwargs = getattr(callback, "view_initkwargs", {}) or {}
    view_class = getattr(callback, "view_class", None)
    return initkwargs.get("model") or getattr(view_class, "model", None)


# A route's one id: a record of the view's model (`pk`), or a survivor's, whatever the view shows of her.
ID_PARAMETERS = {"<int:pk>": None, "<int:survivor_id>": SurvivorProfile}


def pk_urls(resolver):
    """(url pattern, id placeholder, model) of every admin pattern that takes one id."""
    for route, entry in walk(resolver):
        if not route.startswith("admin/") or route.count("<") != 1:
            continue
        for placeholder, model in ID_PARAMETERS.items():
            if placeholder in route:
                yield route, placeholder, model or view_model(entry)


def entry_module(resolver, route):
    entry = dict(walk(resolver))[route]
    callback = getattr(entry.callback, "view_class", entry.callback)
    return callback.__module__


@pytest.fixture
def world():
    """Organisation B's case records of every kind, and organisation A's advocate and partner user."""
    a, b = make_organization("Organisation A"), make_organization("Organisation B")
    survivor = make_survivor(b, name=SECRET_NAME)
    survivor.contact.code_word = "tangerine-owl"
    survivor.contact.save()
    make_plan(survivor, referrals=0)
    open_help_request(survivor.contact, source=HelpRequest.Source.SMS, message=SECRET_TEXT)
    # She called the voice line and asked for a call back (the list of calls is organisation B's).
    voice_request, _created = open_help_request(survivor.contact, source=HelpRequest.Source.VOICE)
    Call.objects.create(call_sid="CA" + "b" * 32, contact=survivor.contact, language="es", help_request=voice_request)
    b_advocate = make_staff(b, "b-advocate")
    CareTeamMember.objects.create(survivor=survivor, organization=b, staff=b_advocate)
    c = make_organization("Organisation C")
    make_consent(survivor, c, categories=["goals"])
    # Organisation C asked organisation B for her number: only their supervisors see that request.
    NumberRequest.objects.create(
        requesting_organization=c,
        holder=survivor.contact,
        phone_index=survivor.contact.phone_index,
        status=NumberRequest.Status.ASKED,
        asked_at=survivor.created_at,
    )
    LegalDisclosure.objects.create(
        survivor=survivor,
        basis=LegalDisclosure.LegalBasis.values[0],
        disclosed_to="County court",
        categories=["goals"],
        recorded_by=b_advocate,
    )
    CheckInPlan.objects.create(survivor=survivor, advocate=b_advocate, consent_at=survivor.created_at)
    CaseNote.objects.create(
        survivor=survivor, organization=b, author=b_advocate, body=SECRET_TEXT, visibility=CaseNote.Visibility.CARE_TEAM
    )
    # Referrals of hers to organisation A's service: one waiting for her OK, one whose consent she withdrew.
    referral_to_a(survivor, a, Referral.Status.AWAITING_CONSENT)
    withdrawn = make_consent(survivor, a, categories=["referrals"])
    referral_to_a(survivor, a, Referral.Status.SENT)
    withdrawn.revoke(Consent.Given.PORTAL)
    read(b_advocate, survivor, "contact")
    a_advocate = verified_admin_client(Client(), make_staff(a, "a-advocate"))
    a_partner = verified_admin_client(Client(), make_staff(a, "a-partner", role=Membership.Role.PARTNER))
    a_supervisor = verified_admin_client(Client(), make_staff(a, "a-supervisor", role=Membership.Role.SUPERVISOR))
    visitors = {"advocate": a_advocate, "partner": a_partner, "supervisor": a_supervisor}
    return {"survivor": survivor, "visitors": visitors}


def referral_to_a(survivor, a, status):
    service = Service.objects.get_or_create(organization=a, name="A's intake")[0]
    return Referral.objects.create(plan=survivor.plans.get(), service=service, status=status)


def b_objects(model, survivor):
    """Organisation B's rows of `model` (the survivor's own, or leading to her)."""
    return [row for row in model._default_manager.all() if belongs_to(row, survivor)]


def belongs_to(row, survivor, depth=3):
    if isinstance(row, SurvivorProfile):
        return row.pk == survivor.pk
    if isinstance(row, Contact):
        return row.pk == survivor.contact_id
    if depth == 0:
        return False
    for field in row._meta.concrete_fields:
        if field.is_relation and field.related_model is not None:
            target = getattr(row, field.name, None)
            if target is not None and belongs_to(target, survivor, depth - 1):
                return True
    return False


def leaks(resolver, world):
    """Every (url, visitor, status) where organisation A reached one of organisation B's records."""
    survivor = world["survivor"]
    secrets = (SECRET_NAME, SECRET_TEXT, "tangerine-owl", survivor.contact.phone, survivor.contact.masked_phone)
    found, checked = [], 0
    models = case_models()
    for route, placeholder, model in pk_urls(resolver):
        if model is None:
            # Wagtail's own pages, images, documents and workflows hold no case records; any view of
            # the portal's own that takes an id must say what the id is.
            if not entry_module(resolver, route).startswith("wagtail."):
                found.append((route, "takes an id but names no model", None))
            continue
        if model not in models:
            continue
        for row in b_objects(model, survivor):
            url = "/" + route.replace(placeholder, str(row.pk))
            for who, client in world["visitors"].items():
                response = client.get(url)
                world.setdefault("visited", set()).add(url)
                checked += 1
                body = response.content.decode(errors="replace")
                if response.status_code not in (403, 404) or any(secret in body for secret in secrets):
                    found.append((url, who, response.status_code))
    return found, checked


def test_no_admin_page_shows_another_organisations_case_record(world):
    found, checked = leaks(get_resolver(), world)
    assert checked > 60, "the walk reached the case-record pages"
    assert any("/admin/number-requests/" in url for url in world["visited"]), "and the number requests"
    assert any("/admin/cases/" in url for url in world["visited"]), "and the pages that take a survivor's id"
    assert any("/admin/referrals/incoming/" in url for url in world["visited"]), "and the incoming referrals"
    assert any("/admin/calls/inspect/" in url for url in world["visited"]), "and the voice line's calls"
    assert Referral.objects.get(status=Referral.Status.CONSENT_WITHDRAWN), "closed when her consent was withdrawn"
    assert found == [], "\n".join(map(str, found))


def test_every_case_record_admin_is_built_with_the_kit():
    viewsets = [viewset for hook in hooks.get_hooks("register_admin_viewset") for viewset in flatten(hook())]
    models = case_models()
    offenders = [
        type(viewset).__name__
        for viewset in viewsets
        if getattr(viewset, "model", None) in models and not isinstance(viewset, CaseRecordViewSet)
    ]
    assert offenders == []


def flatten(result):
    items = result if isinstance(result, list | tuple) else [result]
    for item in items:
        yield from (flatten(list(item.viewsets)) if hasattr(item, "viewsets") else [item])


def leaks_beside_the_real_admin(world, extra_pattern):
    """The walk over the real URLconf with one more pattern added in front of it."""
    module = types.ModuleType("leaky_urls")
    module.urlpatterns = [extra_pattern, *get_resolver().url_patterns]
    sys.modules["leaky_urls"] = module
    try:
        with override_settings(ROOT_URLCONF="leaky_urls"):
            found, _checked = leaks(get_resolver("leaky_urls"), world)
    finally:
        del sys.modules["leaky_urls"]
    return found


def test_the_walk_catches_a_case_record_admin_built_without_the_kit(world, settings):
    """Self-check: a plain ModelViewSet for help requests, added beside the real admin, is caught."""
    # Not registered (on_register would change global state, such as the reference index): only its URLs are used.
    leaky = ModelViewSet(
        name="leaky-help-requests", model=HelpRequest, form_fields=["status"], add_to_reference_index=False
    )
    # The kind of account that used to open the queue: staff with the help-request permissions.
    staff = Membership.objects.get(user__username="a-advocate").user
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["change_helprequest", "view_helprequest"]))
    leaky_patterns = include((leaky.get_urlpatterns(), "leaky-help-requests"))
    found = leaks_beside_the_real_admin(world, path("admin/leaky/", leaky_patterns))
    assert any("/admin/leaky/" in url for url, _who, _status in found), found
    assert not isinstance(leaky, CaseRecordViewSet)


def test_the_walk_catches_a_page_that_shows_any_survivor_by_her_id(world):
    """Self-check: a view taking a survivor's id that shows her name to whoever asks is caught."""

    def leaky_case(request, survivor_id):
        return HttpResponse(SurvivorProfile.objects.get(pk=survivor_id).name)

    found = leaks_beside_the_real_admin(world, path("admin/leaky-case/<int:survivor_id>/", leaky_case))
    assert any("/admin/leaky-case/" in url for url, _who, _status in found), found


def test_the_walk_sees_a_referral_page_open_to_the_receiving_side(world):
    """Self-check for the referral pages: with a live consent the receiving side does see the
    referral, and the walk reports that page; so the pages are walked, and a page that opened
    without a consent would be caught the same way."""
    survivor = world["survivor"]
    a = Membership.objects.get(user__username="a-partner").organization
    make_consent(survivor, a, categories=["referrals"])
    live = referral_to_a(survivor, a, Referral.Status.SENT)
    found, _checked = leaks(get_resolver(), world)
    assert any(url == f"/admin/referrals/incoming/{live.pk}/" for url, _who, _status in found), found
