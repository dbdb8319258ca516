from django.db import migrations


class Migration(migrations.Migration):
    """A rename, not a drop: the table and its rows stay (directory_contact becomes directory_servicecontact)."""

    dependencies = [
        ("directory", "0004_organization_confidential"),
    ]

    operations = [
        migrations.RenameModel(old_name="Contact", new_name="ServiceContact"),
    ]
