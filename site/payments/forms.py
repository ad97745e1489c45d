"""The forms of the payments pages. They check what is typed; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pace_site.submissions.forms import OnceOnlyFormMixin

from .models import PaymentMethod


class ChooseForm(OnceOnlyFormMixin, forms.Form):
    method = forms.ChoiceField(
        label=_("How would you like to be paid?"),
        choices=PaymentMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you would like to be paid.")},
    )
    # Sent by the "yes, by bank transfer anyway" button after the limit warning.
    over_limit_ok = forms.BooleanField(required=False, widget=forms.HiddenInput)
