"""The staff form for one contact with the support line."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pace_site.forms import choice_field, date_field, not_in_future, plain_text
from pace_site.submissions.forms import OnceOnlyFormMixin

from .models import MAX_MINUTES, Caller, Concern, ContactChannel, ReferredTo


class SupportContactForm(OnceOnlyFormMixin, forms.Form):
    happened_on = date_field(_("Date"), validators=[not_in_future])
    channel = choice_field(_("How did they get in touch?"), ContactChannel.choices)
    caller = choice_field(_("Who got in touch?"), Caller.choices)
    concern = choice_field(_("What was it about?"), Concern.choices)
    minutes = forms.IntegerField(
        label=_("How long, in minutes"),
        min_value=1,
        max_value=MAX_MINUTES,
        error_messages={
            "required": _("Please say how many minutes, for example 20."),
            "invalid": _("Please write the minutes as a number, for example 20."),
            "min_value": _("Please write at least 1 minute."),
            "max_value": _("Please write at most %(limit_value)s minutes."),
        },
    )
    region = forms.CharField(
        label=_("Region (optional)"),
        required=False,
        max_length=100,
        strip=True,
        validators=[plain_text],
        help_text=_("A town or area, for example Leeds. Never an address."),
    )
    first_contact = forms.BooleanField(
        label=_("This was the first time they got in touch with Pace"), required=False
    )
    referred_to = choice_field(_("Where did it lead?"), ReferredTo.choices, initial=ReferredTo.NONE)
