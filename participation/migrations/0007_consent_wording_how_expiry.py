# Existing permissions were given before wordings were versioned: they get wording version "1"
# (the wording in use then) and "not known" for how they were given (recorded by staff).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('participation', '0006_consent_withdrawal_record'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='consent',
            name='expires_on',
            field=models.DateField(blank=True, help_text='Empty: until taken back.', null=True, verbose_name='runs out on'),
        ),
        migrations.AddField(
            model_name='consent',
            name='given_how',
            field=models.CharField(choices=[('portal', 'on their own page'), ('phone', 'by phone'), ('in_person', 'in person'), ('paper', 'on a paper form'), ('unknown', 'not known (recorded by staff before we kept this)')], default='unknown', max_length=20, verbose_name='how they gave it'),
        ),
        migrations.AddField(
            model_name='consent',
            name='lapse_handled_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='consent',
            name='renewal_asked_on',
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='consent',
            name='wording_version',
            field=models.CharField(default='1', max_length=10, verbose_name='wording shown (version)'),
        ),
        migrations.AddIndex(
            model_name='consent',
            index=models.Index(condition=models.Q(('expires_on__isnull', False), ('withdrawn_at__isnull', True)), fields=['expires_on'], name='consent_expiring_idx'),
        ),
        migrations.AddConstraint(
            model_name='consent',
            constraint=models.CheckConstraint(condition=models.Q(('wording_version', ''), _negated=True), name='consent_wording_version_recorded'),
        ),
    ]
