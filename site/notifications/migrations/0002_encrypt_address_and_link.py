"""The outbox's address and link are encrypted at rest; links already sent are forgotten."""

from django.db import migrations, models

import pace_site.crypto

LINK_FORGOTTEN = "(The link was sent by e-mail and is not kept here.)"
FINISHED = ("sent", "failed", "withheld")


def seal(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    for row in Notification.objects.only(
        "pk", "status", "carries_link", "plain_email", "plain_link", "body"
    ).iterator(chunk_size=500):
        row.to_email = row.plain_email
        row.link = row.plain_link
        fields = ["to_email", "link"]
        if row.carries_link and row.status in FINISHED and row.link:
            row.body = row.body.replace(row.link, LINK_FORGOTTEN)
            row.link = ""
            fields.append("body")
        row.save(update_fields=fields)


def unseal(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    for row in Notification.objects.only("pk", "to_email", "link").iterator(chunk_size=500):
        row.plain_email = row.to_email
        row.plain_link = row.link[:500]
        row.save(update_fields=["plain_email", "plain_link"])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [
        migrations.RenameField("notification", "to_email", "plain_email"),
        migrations.RenameField("notification", "link", "plain_link"),
        migrations.AddField(
            model_name="notification",
            name="to_email",
            field=pace_site.crypto.EncryptedTextField(
                default="",
                help_text="Where the e-mail goes; for invitations there is no user yet.",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="notification",
            name="link",
            field=pace_site.crypto.EncryptedTextField(blank=True, default=""),
            preserve_default=False,
        ),
        migrations.RunPython(seal, unseal),
        migrations.RemoveField("notification", "plain_email"),
        migrations.RemoveField("notification", "plain_link"),
        migrations.AlterField(
            model_name="notification",
            name="carries_link",
            field=models.BooleanField(
                default=False, help_text="The e-mail itself must carry the link (a secret one)."
            ),
        ),
    ]
