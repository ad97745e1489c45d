from django.db import migrations


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="Volunteer applicant")


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Volunteer applicant").delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_roles_and_cache_table")]

    operations = [migrations.RunPython(create_group, remove_group)]
