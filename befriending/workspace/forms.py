"""The coordinator's forms: one per action in the workspace."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pace_site.forms import (
    date_field,
    not_in_future,
)
from pace_site.submissions.forms import OnceOnlyFormMixin
from participation.models import Parent

from ..forms import LONG_TEXT, SHORT_TEXT, AvailabilityField
from ..models import (
    BefrienderStatus,
    ContactMethod,
    EndingReason,
    GenderPreference,
    Match,
    ReviewOutcome,
    TrainingModule,
    match_length_error,
)


class ConfirmForm(OnceOnlyFormMixin, forms.Form):
    """A button that acts (close a referral, take a concern in hand): only the form's key."""


class ProposeForm(OnceOnlyFormMixin, forms.Form):
    befriender = forms.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        error_messages={
            "required": _("Choose a volunteer from the suggestions."),
            "invalid": _("Choose a volunteer from the suggestions."),
            "min_value": _("Choose a volunteer from the suggestions."),
            "max_value": _("Choose a volunteer from the suggestions."),
        },
    )


class MoveForm(OnceOnlyFormMixin, forms.Form):
    to = forms.ChoiceField(
        label=_("Move to"),
        choices=[("", _("Choose where to move them")), *BefrienderStatus.choices],
        error_messages={"required": _("Choose where to move them.")},
    )
    reason = forms.CharField(
        label=_("Private reason (only for 'not taken forward')"),
        max_length=SHORT_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CapacityForm(OnceOnlyFormMixin, forms.Form):
    max_active_matches = forms.IntegerField(
        label=_("Matches they may have at once"), min_value=1, max_value=5
    )


class DbsForm(OnceOnlyFormMixin, forms.Form):
    certificate_number = forms.RegexField(
        label=_("DBS certificate number"),
        regex=r"^\d{12}$",
        error_messages={"invalid": _("A DBS certificate number is 12 digits.")},
    )
    issued_on = date_field(_("Issued on"), validators=[not_in_future])


class TrainingForm(OnceOnlyFormMixin, forms.Form):
    module = forms.ChoiceField(label=_("Training module"), choices=TrainingModule.choices)
    completed_on = date_field(_("Completed on"), validators=[not_in_future])


class SupervisionForm(OnceOnlyFormMixin, forms.Form):
    held_on = date_field(_("Held on"), validators=[not_in_future])
    notes = forms.CharField(
        label=_("Notes (staff only)"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReferralForm(OnceOnlyFormMixin, forms.Form):
    parent = forms.ModelChoiceField(label=_("Parent"), queryset=Parent.objects.none())
    hopes = forms.CharField(
        label=_("What they hope for"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    preferred_gender = forms.ChoiceField(
        label=_("Befriender they would prefer"), choices=GenderPreference.choices
    )
    preferred_language = forms.CharField(label=_("Language"), max_length=50, required=False)
    region = forms.CharField(label=_("Region"), max_length=100)
    availability = AvailabilityField(
        label=_("When they are usually free"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what participation offers befriending: the parent and how they may be contacted.
        self.fields["parent"].queryset = (
            Parent.objects.for_befriending_referral().in_group().order_by("preferred_name")
        )


class IntroductionForm(OnceOnlyFormMixin, forms.Form):
    introduction_on = date_field(_("Introduction meeting on"))


class ArrangementsForm(OnceOnlyFormMixin, forms.Form):
    how_often = forms.CharField(label=_("How often"), max_length=100)
    contact_method = forms.ChoiceField(label=_("How"), choices=ContactMethod.choices)
    where = forms.CharField(label=_("Where"), max_length=150, required=False)


class StartMatchForm(ArrangementsForm):
    started_on = date_field(_("Starts on"))
    planned_end_on = date_field(_("Planned end"), help_text=_("6 to 18 months after the start."))

    field_order = ["started_on", "planned_end_on", "how_often", "contact_method", "where"]

    def clean(self):
        cleaned = super().clean()
        error = match_length_error(cleaned.get("started_on"), cleaned.get("planned_end_on"))
        if error:
            self.add_error("planned_end_on", error)
        return cleaned


class PlannedEndForm(OnceOnlyFormMixin, forms.Form):
    planned_end_on = date_field(_("New planned end"))

    def __init__(self, *args, match: Match, **kwargs):
        super().__init__(*args, **kwargs)
        self.match = match
        if match.latest_allowed_end:
            self.fields["planned_end_on"].help_text = _(
                "No later than %(latest)s (18 months from the start)."
            ) % {"latest": f"{match.latest_allowed_end:%-d %B %Y}"}

    def clean_planned_end_on(self):
        value = self.cleaned_data["planned_end_on"]
        error = match_length_error(self.match.started_on, value)
        if error:
            raise forms.ValidationError(error)
        return value


class ReviewForm(OnceOnlyFormMixin, forms.Form):
    completed_on = date_field(_("Held on"), validators=[not_in_future])
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReviewOutcome.choices)
    next_steps = forms.CharField(
        label=_("Next steps"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EndMatchForm(OnceOnlyFormMixin, forms.Form):
    ended_on = date_field(_("Ended on"), validators=[not_in_future])
    reason = forms.ChoiceField(label=_("Why it ended"), choices=EndingReason.choices)
    summary = forms.CharField(
        label=_("Closing summary"),
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ConcernOutcomeForm(OnceOnlyFormMixin, forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was done, and who was told."),
    )
