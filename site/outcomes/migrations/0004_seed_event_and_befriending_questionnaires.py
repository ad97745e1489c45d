from django.db import migrations


def seed(apps, schema_editor):
    # Makes only the questionnaires whose slug does not exist yet: "after-the-event",
    # "befriending-parent" and "befriending-volunteer" on a database seeded by 0002 before.
    from pace_site.outcomes.seed import seed as seed_questionnaires

    seed_questionnaires(apps.get_model("outcomes", "Questionnaire"), apps.get_model("outcomes", "Question"))


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0003_invitation_asked_again")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
