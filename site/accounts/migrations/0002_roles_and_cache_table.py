from django.core.management import call_command
from django.db import migrations

ROLES = [
    "Parent",
    "Befriender",
    "Participation manager",
    "Befriending coordinator",
    "Editor",
    "Administrator",
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


def create_cache_table(apps, schema_editor):
    # The default cache is the database cache (shared, survives a Redis outage); its table must
    # exist wherever the database does, test databases included.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(create_groups, remove_groups),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
    ]
