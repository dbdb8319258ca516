"""An "Advocates" group: admin access and the help-request queue, conversations and contacts.

Survivor records, plans, sharing and check-ins are scoped by organisation membership
(portal.accounts.permissions), not by these permissions; this group only opens the SMS queue,
which each view still scopes to the staff member's own survivors.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADVOCATE_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("messaging", "view_helprequest"),
    ("messaging", "change_helprequest"),
    ("messaging", "view_conversation"),
    ("messaging", "change_conversation"),
    ("messaging", "view_contact"),
    ("messaging", "change_contact"),
]


def create_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name="Advocates")
    for app_label, codename in ADVOCATE_PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            group.permissions.add(permission)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Advocates").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0001_initial"),
        ("wagtailadmin", "0003_admin_managed"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_group, remove_group)]
