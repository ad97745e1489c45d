from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ContactRules


class ContactRulesForm(forms.ModelForm):
    class Meta:
        model = ContactRules
        fields = ["email_allowed", "discreet_mode", "quiet_hours_start", "quiet_hours_end"]
        widgets = {
            "quiet_hours_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_hours_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        error_messages = {
            "quiet_hours_start": {"invalid": _("Enter a time like 21:00.")},
            "quiet_hours_end": {"invalid": _("Enter a time like 08:00.")},
        }
