"""Every existing account gets its own row of contact rules (with the defaults it already had),
so that staff can find a person's rules when they ask for a change."""

from django.conf import settings
from django.db import migrations

STAFF_GROUPS = (
    "Participation manager",
    "Befriending coordinator",
    "Editor",
    "Administrator",
)


def give_every_account_its_rules(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    ContactRules = apps.get_model("notifications", "ContactRules")
    without = User.objects.filter(contact_rules__isnull=True)
    staff = set(
        without.filter(groups__name__in=STAFF_GROUPS).values_list("pk", flat=True)
    ) | set(without.filter(is_superuser=True).values_list("pk", flat=True))
    ContactRules.objects.bulk_create(
        [
            ContactRules(user_id=pk, discreet_mode=pk not in staff)
            for pk in without.values_list("pk", flat=True)
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_contact_rules_changes"),
        ("accounts", "0005_password_reset_request"),
    ]

    operations = [migrations.RunPython(give_every_account_its_rules, migrations.RunPython.noop)]
