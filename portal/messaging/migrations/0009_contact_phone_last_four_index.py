from django.db import migrations, models

BATCH = 500


def fill_last_four_index(apps, schema_editor):
    """Every number already kept gets the index staff search by; the phone decrypts through the field."""
    from portal.core.phones import last_four_digits, last_four_index

    Contact = apps.get_model("messaging", "Contact")
    batch = []
    for contact in Contact.objects.only("pk", "phone").iterator(chunk_size=BATCH):
        if not contact.phone:
            continue  # a released or forgotten number: nothing to find it by
        contact.phone_last_four_index = last_four_index(last_four_digits(contact.phone))
        batch.append(contact)
        if len(batch) == BATCH:
            Contact.objects.bulk_update(batch, ["phone_last_four_index"])
            batch = []
    Contact.objects.bulk_update(batch, ["phone_last_four_index"])


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0008_conversation_unread_and_question_kind"),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="phone_last_four_index",
            field=models.CharField(blank=True, db_index=True, default="", editable=False, max_length=64),
        ),
        migrations.RunPython(fill_last_four_index, migrations.RunPython.noop, elidable=True),
    ]
