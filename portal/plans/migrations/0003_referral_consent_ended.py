"""A referral's status "consent ran out": closed because the consent behind it ended by its date."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0002_referral_lifecycle"),
    ]

    operations = [
        migrations.AlterField(
            model_name="referral",
            name="status",
            field=models.CharField(
                choices=[
                    ("proposed", "Suggested"),
                    ("awaiting_consent", "Waiting for the survivor's OK"),
                    ("sent", "Sent"),
                    ("accepted", "Accepted"),
                    ("declined", "Declined"),
                    ("started", "Service started"),
                    ("done", "Completed"),
                    ("not_completed", "Not completed"),
                    ("withdrawn", "Closed: the survivor no longer wants it"),
                    ("consent_withdrawn", "Closed: consent withdrawn"),
                    ("consent_ended", "Closed: consent ran out"),
                ],
                default="proposed",
                max_length=20,
                verbose_name="status",
            ),
        ),
    ]
