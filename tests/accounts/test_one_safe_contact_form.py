"""The safe-contact questions have one definition: every form that asks them is a SafeContactFields.

A form with its own copy could drift (another code word length, a missing one-line cleanup, a
different default for whether texts may name us) without any test of the shared one noticing."""

import importlib
import pkgutil

import pytest
from django import forms

import portal
from portal.accounts.admin_forms import SurvivorIntakeForm
from portal.messaging.forms import SafeContactFields

SAFE_CONTACT_FIELDS = set(SafeContactFields.base_fields)
# A time zone alone is asked elsewhere for other reasons (training sessions); these are not.
ONLY_FOR_SAFE_CONTACT = SAFE_CONTACT_FIELDS - {"time_zone"}


# Modules that start something, or settings that need a production environment, hold no forms.
NOT_IMPORTED = (".migrations", "portal.settings", ".playground", ".wsgi", ".asgi")


def every_form_class():
    for module in pkgutil.walk_packages(portal.__path__, "portal."):
        if not any(part in module.name for part in NOT_IMPORTED):
            importlib.import_module(module.name)
    found, waiting = set(), [forms.BaseForm]
    while waiting:
        for subclass in waiting.pop().__subclasses__():
            if subclass not in found:
                found.add(subclass)
                waiting.append(subclass)
    return [form for form in found if form.__module__.startswith("portal.")]


def test_every_form_asking_safe_contact_questions_uses_the_one_definition():
    forms_found = every_form_class()
    assert SurvivorIntakeForm in forms_found
    copies = [
        f"{form.__module__}.{form.__name__}"
        for form in forms_found
        if ONLY_FOR_SAFE_CONTACT & set(getattr(form, "declared_fields", {})) and not issubclass(form, SafeContactFields)
    ]
    assert copies == []


@pytest.mark.parametrize("name", sorted(SAFE_CONTACT_FIELDS))
def test_the_intake_asks_with_the_shared_field_itself(name):
    """Staff wording is set per form instance (STAFF_LABELS); the field stays the shared one."""
    assert SurvivorIntakeForm.base_fields[name] is SafeContactFields.base_fields[name]
