from django.db import migrations

# The kinds of activity in the Parent Participation Programme; the manager can add more.
ACTIVITY_TYPES = [
    ("Speaking at training", "Sharing your experience with police, social workers or teachers.", True),
    ("Consultation", "Helping shape policy or guidance, such as the Debt Bondage Guide.", False),
    ("Media interview", "Talking to a journalist for print, radio or television.", True),
    ("Research", "Taking part in a study by a university or a charity.", False),
    ("Conference", "Speaking or sitting on a panel at a conference.", True),
    ("Film or audio", "Being recorded for a training film or an audio piece.", True),
    ("Parent Open Group", "Helping run or welcome parents at the Parent Open Group.", False),
    ("Reviewing documents", "Reading and commenting on documents such as the Parents' Charter.", False),
    ("Fundraising", "Helping with an appeal, an event or a funder's visit.", False),
]


def seed(apps, schema_editor):
    ActivityType = apps.get_model("participation", "ActivityType")
    for name, description, needs_readiness in ACTIVITY_TYPES:
        ActivityType.objects.get_or_create(
            name=name, defaults={"description": description, "needs_readiness": needs_readiness}
        )


class Migration(migrations.Migration):
    dependencies = [("participation", "0002_core_group")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
