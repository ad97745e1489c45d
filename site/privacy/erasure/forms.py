"""Forms for erasure and correction requests, in the portal and the staff workspace."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pace_site.accounts.models import User
from pace_site.accounts.roles import PORTAL_ROLES
from pace_site.forms import date_field, not_in_future, text_field
from pace_site.submissions.forms import OnceOnlyFormMixin

from ..models.erasure import HowAsked

REPLY_MAX = 2000
WHAT_IS_WRONG_MAX = 2000
STAFF_WAYS = [(value, label) for value, label in HowAsked.choices if value != HowAsked.PORTAL]


class AskForErasureForm(OnceOnlyFormMixin):
    understood = forms.BooleanField(
        label=_("I understand that once this is done it cannot be undone."),
        error_messages={"required": _("Please tick the box to say you understand.")},
    )


class AskForCorrectionForm(OnceOnlyFormMixin):
    what_is_wrong = text_field(
        _("What is wrong, and what should it say?"),
        max_length=WHAT_IS_WRONG_MAX,
        required=True,
        help_text=_("For example: “My name is spelt wrongly. It should be Jo, not Joe.”"),
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} ({obj.email})"


def portal_people():
    return (
        User.objects.filter(groups__name__in=PORTAL_ROLES, is_active=True)
        .distinct()
        .order_by("display_name", "email")
    )


class RecordErasureForm(OnceOnlyFormMixin):
    person = PersonChoiceField(
        queryset=User.objects.none(),
        label=_("Whose information"),
        error_messages={"invalid_choice": _("Choose a person from the list.")},
    )
    how = forms.ChoiceField(label=_("How they asked"), choices=STAFF_WAYS)
    received_on = date_field(_("Received on"), validators=[not_in_future])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.ModelChoiceField)
        person.queryset = portal_people()


class RecordErasureOfRecordForm(OnceOnlyFormMixin):
    how = forms.ChoiceField(label=_("How they asked"), choices=STAFF_WAYS)
    received_on = date_field(_("Received on"), validators=[not_in_future])


class RecordCorrectionForm(RecordErasureForm):
    what_is_wrong = text_field(
        _("What they say is wrong"), max_length=WHAT_IS_WRONG_MAX, required=True
    )


class RefuseErasureForm(OnceOnlyFormMixin):
    reason = text_field(
        _("Why we are not deleting it (the person is told this)"),
        max_length=REPLY_MAX,
        required=True,
    )


class AnswerCorrectionForm(OnceOnlyFormMixin):
    corrected = forms.TypedChoiceField(
        label=_("What we did"),
        choices=[("yes", _("We corrected it")), ("no", _("We did not change it"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reply = text_field(
        _("Our reply (the person reads this in their portal)"),
        max_length=REPLY_MAX,
        required=True,
    )
