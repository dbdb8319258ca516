"""Whose case each number is: filled in from the survivor behind it; numbers with nobody behind
them stay in the shared queue."""

import django.db.models.deletion
from django.db import migrations, models


def from_survivors(apps, schema_editor):
    Contact = apps.get_model("messaging", "Contact")
    SurvivorProfile = apps.get_model("accounts", "SurvivorProfile")
    for contact_id, organization_id in SurvivorProfile.objects.values_list("contact_id", "organization_id"):
        Contact.objects.filter(pk=contact_id).update(organization_id=organization_id)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_search_trigram_index"),
        ("messaging", "0002_advocates_group"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="directory.organization",
                verbose_name="organization",
            ),
        ),
        migrations.RunPython(from_survivors, migrations.RunPython.noop),
    ]
