"""The directory's contact model was renamed ServiceContact by a migration that keeps every row."""

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("directory", "0004_organization_confidential")]
AFTER = [("directory", "0005_rename_contact_to_servicecontact")]


@pytest.mark.django_db
def test_the_rename_keeps_the_rows():
    # PostgreSQL changes tables inside a transaction: the test's rollback puts the schema back too.
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    contact_id = uuid.uuid4()
    old_apps.get_model("directory", "Contact").objects.create(id=contact_id, name="Intake desk")
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new_apps = executor.loader.project_state(AFTER).apps
    assert new_apps.get_model("directory", "ServiceContact").objects.get(id=contact_id).name == "Intake desk"
