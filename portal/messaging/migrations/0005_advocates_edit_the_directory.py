"""Advocates keep the directory up to date, as the README says they do: they add and edit services,
organisations and locations, publish drafts and mark records verified. Deleting records and making a
confidential location public stay with administrators."""

from django.db import migrations

DIRECTORY_PERMISSIONS = [
    f"{action}_{model}" for model in ("service", "organization", "location") for action in ("add", "change", "view")
] + ["publish_service", "view_taxonomyterm"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    directory = apps.get_app_config("directory")
    directory.models_module = True  # permissions are made after migrating; a new database needs them now
    create_permissions(directory, verbosity=0, apps=apps)
    directory.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # Wagtail adds the publish permission after migrating too; made here, with Wagtail's own wording.
    service_type = apps.get_model("contenttypes", "ContentType").objects.get(app_label="directory", model="service")
    Permission.objects.get_or_create(
        content_type=service_type, codename="publish_service", defaults={"name": "Can publish service"}
    )
    group, _created = Group.objects.get_or_create(name="Advocates")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="directory", codename__in=DIRECTORY_PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Advocates"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="directory", codename__in=DIRECTORY_PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0004_proposed_settings"),
        ("directory", "0004_organization_confidential"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
