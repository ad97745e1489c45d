from django.db import migrations, models

# A volunteer's answers (the befriending moments that ask the befriender) are followed up by the
# befriending coordinators; every answer raised before this was routed to participation managers.
VOLUNTEER_MOMENTS = ("befriending.review_befriender", "befriending.ending_befriender")


def route_volunteers_to_coordinators(apps, schema_editor):
    FollowUp = apps.get_model("outcomes", "FollowUp")
    FollowUp.objects.filter(invitation__moment__in=VOLUNTEER_MOMENTS).update(
        for_role="Befriending coordinator"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("outcomes", "0005_saved_report"),
    ]

    operations = [
        migrations.AddField(
            model_name="followup",
            name="for_role",
            field=models.CharField(
                choices=[
                    ("Participation manager", "Participation manager"),
                    ("Befriending coordinator", "Befriending coordinator"),
                ],
                default="Participation manager",
                max_length=40,
                verbose_name="followed up by",
            ),
        ),
        migrations.RunPython(route_volunteers_to_coordinators, migrations.RunPython.noop),
    ]
