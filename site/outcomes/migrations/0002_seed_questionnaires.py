from django.db import migrations


def seed(apps, schema_editor):
    from pace_site.outcomes.seed import seed as seed_questionnaires

    seed_questionnaires(apps.get_model("outcomes", "Questionnaire"), apps.get_model("outcomes", "Question"))


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
