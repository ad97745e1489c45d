"""Staff forms for subject access requests."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pace_site.accounts.models import User
from pace_site.forms import date_field, not_in_future, plain_text, text_field
from pace_site.submissions.forms import OnceOnlyFormMixin

from ..access import Collection
from ..models.access import IdentityCheck, ReceivedHow, ReleasedHow

REASON_MAX_LENGTH = 1000


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name} ({obj.email})" if name != obj.email else obj.email


class OpenRequestForm(OnceOnlyFormMixin, forms.Form):
    person = PersonField(
        label=_("Whose information"),
        queryset=User.objects.filter(is_active=True).order_by("display_name", "email"),
    )
    received_on = date_field(_("Received on"), validators=[not_in_future])
    received_how = forms.ChoiceField(label=_("How it came in"), choices=ReceivedHow.choices)


class IdentityForm(OnceOnlyFormMixin, forms.Form):
    how = forms.ChoiceField(
        label=_("How did you check who they are?"),
        choices=IdentityCheck.choices,
        widget=forms.RadioSelect,
    )


class ExtendForm(OnceOnlyFormMixin, forms.Form):
    months = forms.TypedChoiceField(
        label=_("Extend by"),
        coerce=int,
        choices=[(1, _("one more month")), (2, _("two more months"))],
        widget=forms.RadioSelect,
    )
    reason = text_field(
        _("Why does it need longer?"),
        max_length=REASON_MAX_LENGTH,
        required=True,
        help_text=_("Kept encrypted with the request. Only for complex requests."),
    )


class ReleaseForm(OnceOnlyFormMixin, forms.Form):
    how = forms.ChoiceField(
        label=_("How is the copy given to them?"),
        choices=ReleasedHow.choices,
        widget=forms.RadioSelect,
    )


class ReviewForm(OnceOnlyFormMixin, forms.Form):
    """One tick box per note written by staff (and per safeguarding detail), with the reason
    for withholding it under an exemption."""

    def __init__(self, *args, collection: Collection, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = []
        for section, item in collection.staff_only_items:
            if not item.value:
                continue  # nothing written: nothing to withhold
            tick, reason = f"withhold:{item.key}", f"reason:{item.key}"
            self.fields[tick] = forms.BooleanField(label=_("Withhold this"), required=False)
            self.fields[reason] = forms.CharField(
                label=_("Why (the exemption that applies)"),
                required=False,
                max_length=REASON_MAX_LENGTH,
                validators=[plain_text],
            )
            self.items.append((section.heading, item, self[tick], self[reason]))

    def clean(self):
        cleaned = super().clean() or {}
        for _heading, _item, tick, reason in self.items:
            if cleaned.get(tick.name) and not (cleaned.get(reason.name) or "").strip():
                self.add_error(reason.name, _("Give the reason for withholding this note."))
        return cleaned

    @property
    def action_data(self) -> dict:
        return {
            "withheld": {
                item.key: self.cleaned_data[reason.name].strip()
                for _heading, item, tick, reason in self.items
                if self.cleaned_data.get(tick.name)
            }
        }
