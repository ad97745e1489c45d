"""Stored choice values with hyphens take underscores ("not-taken-forward" becomes
"not_taken_forward", "mon-evening" becomes "mon_evening"), in the records, the availability
lists and the applications still waiting to be handled; and back."""

import json

from django.conf import settings
from django.db import migrations, models


# model -> field -> the values that change
RENAMED = {
    "befriender": {
        "gender": ["non-binary", "not-said"],
        "status": ["references-received", "dbs-checked", "not-taken-forward"],
    },
    "trainingrecord": {"module": ["self-care"]},
    "review": {"outcome": ["end-early"]},
    "concern": {"status": ["in-hand"]},
}
WITH_AVAILABILITY = ["befriender", "referral"]


def _swap(value: str, forward: bool) -> str:
    return value.replace("-", "_") if forward else value.replace("_", "-")


def _rename(apps, forward: bool) -> None:
    for model_name, fields in RENAMED.items():
        model = apps.get_model("befriending", model_name)
        for field, values in fields.items():
            for hyphened in values:
                old, new = (hyphened, _swap(hyphened, True))[:: 1 if forward else -1]
                model.objects.filter(**{field: old}).update(**{field: new})
    for model_name in WITH_AVAILABILITY:
        model = apps.get_model("befriending", model_name)
        for row in model.objects.exclude(availability=[]).only("pk", "availability"):
            slots = [_swap(slot, forward) for slot in row.availability]
            if slots != row.availability:
                model.objects.filter(pk=row.pk).update(availability=slots)
    received = apps.get_model("befriending", "receivedapplication")
    for application in received.objects.all():
        details = json.loads(application.details)
        gender = details.get("gender")
        if isinstance(gender, str):
            details["gender"] = _swap(gender, forward)
        details["availability"] = [_swap(s, forward) for s in details.get("availability") or []]
        application.details = json.dumps(details)
        application.save(update_fields=["details"])


def forward(apps, schema_editor):
    _rename(apps, True)


def backward(apps, schema_editor):
    _rename(apps, False)


class Migration(migrations.Migration):

    dependencies = [
        ('befriending', '0003_received_applications'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='befriender',
            name='befriender_one_open_record_per_email',
        ),
        migrations.AlterField(
            model_name='befriender',
            name='gender',
            field=models.CharField(choices=[('woman', 'woman'), ('man', 'man'), ('non_binary', 'non-binary'), ('not_said', 'prefer not to say')], default='not_said', max_length=20),
        ),
        migrations.AlterField(
            model_name='befriender',
            name='status',
            field=models.CharField(choices=[('applied', 'applied'), ('interviewed', 'interviewed'), ('references_received', 'references received'), ('dbs_checked', 'DBS checked'), ('trained', 'trained'), ('active', 'active'), ('paused', 'paused'), ('left', 'left'), ('not_taken_forward', 'not taken forward')], default='applied', max_length=30),
        ),
        migrations.AlterField(
            model_name='concern',
            name='status',
            field=models.CharField(choices=[('open', 'open'), ('in_hand', 'in hand'), ('closed', 'closed with an outcome')], default='open', max_length=10),
        ),
        migrations.AlterField(
            model_name='review',
            name='outcome',
            field=models.CharField(blank=True, choices=[('continue', 'carry on as agreed'), ('change', 'carry on with changes'), ('extend', 'extend the match'), ('end_early', 'end the match early'), ('close', 'close as planned')], max_length=20),
        ),
        migrations.AlterField(
            model_name='trainingrecord',
            name='module',
            field=models.CharField(choices=[('induction', 'Induction to Pace and befriending'), ('safeguarding', 'Safeguarding adults and children'), ('exploitation', 'Understanding child sexual and criminal exploitation'), ('relational', 'The relational safeguarding model'), ('boundaries', 'Boundaries, confidentiality and lone working'), ('self_care', 'Looking after yourself')], max_length=30),
        ),
        migrations.RunPython(forward, backward),
        migrations.AddConstraint(
            model_name='befriender',
            constraint=models.UniqueConstraint(models.F('email'), condition=models.Q(('status__in', ['left', 'not_taken_forward']), _negated=True), name='befriender_one_open_record_per_email'),
        ),
    ]
