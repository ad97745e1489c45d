from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from pace_site.forms import PersonNameField, plain_text
from pace_site.submissions.forms import OnceOnlyFormMixin
from participation.models import Parent

from .models import (
    AVAILABILITY_CHOICES,
    CONCERN_DAYS_AFTER_END,
    BefrienderStatus,
    ConcernUrgency,
    ContactLog,
    ContactMethod,
    EndingReason,
    Gender,
    GenderPreference,
    Match,
    ParentMood,
    ReviewOutcome,
    TrainingModule,
    match_length_error,
)

SHORT_TEXT = 1000
LONG_TEXT = 4000


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label, **kwargs):
    return forms.DateField(
        label=label,
        widget=DateInput(),
        error_messages={"invalid": _("Enter a real date, for example 2026-03-17.")},
        **kwargs,
    )


def not_in_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("That date is in the future."))
    return value


class AvailabilityField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", AVAILABILITY_CHOICES)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


# ---------------------------------------------------------------------------------------------
# Public


class VolunteerApplicationForm(OnceOnlyFormMixin, forms.Form):
    name = PersonNameField(label=_("Your full name"))
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We will send you a link to set up your account."),
    )
    phone = forms.CharField(
        label=_("Your phone number"), max_length=30, required=False, validators=[plain_text]
    )
    region = forms.CharField(
        label=_("Where you live"),
        max_length=100,
        help_text=_("Your town or area, e.g. Leeds."),
        validators=[plain_text],
    )
    languages = forms.CharField(
        label=_("Languages you speak"),
        max_length=200,
        validators=[plain_text],
        initial="English",
        help_text=_("Separate them with commas."),
    )
    gender = forms.ChoiceField(
        label=_("Your gender"),
        choices=Gender.choices,
        initial=Gender.NOT_SAID,
        help_text=_("Some parents feel safer with a befriender of the same gender."),
    )
    availability = AvailabilityField(
        label=_("When you are usually free"), help_text=_("Tick all that apply.")
    )
    what_they_bring = forms.CharField(
        label=_("What you would bring"),
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A few lines about you and why you want to befriend a parent."),
        validators=[plain_text],
    )
    understands_checks = forms.BooleanField(
        label=_("I understand Pace will ask for two references and a DBS check."),
        error_messages={"required": _("Please tick this box to apply.")},
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please tell us your name."))
        return name


# ---------------------------------------------------------------------------------------------
# Befriender portal


class ContactLogForm(OnceOnlyFormMixin, forms.ModelForm):
    notes = forms.CharField(
        label=_("Short notes"),
        max_length=SHORT_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only you and the befriending coordinator can read these."),
    )

    class Meta:
        model = ContactLog
        fields = ["happened_on", "duration_minutes", "method", "parent_mood", "notes"]
        widgets = {
            "happened_on": DateInput(),
            "method": forms.RadioSelect,
            "parent_mood": forms.RadioSelect,
        }
        labels = {"duration_minutes": _("How long, in minutes")}

    def __init__(self, *args, match: Match, **kwargs):
        super().__init__(*args, **kwargs)
        self.match = match
        self.fields["happened_on"].initial = timezone.localdate()
        self.fields["happened_on"].error_messages["invalid"] = _(
            "Enter a real date, for example 2026-03-17."
        )
        self.fields["method"].choices = ContactMethod.choices
        self.fields["parent_mood"].choices = ParentMood.choices

    def clean_happened_on(self):
        value = not_in_future(self.cleaned_data["happened_on"])
        if self.match.started_on and value < self.match.started_on:
            raise forms.ValidationError(_("That date is before your match started."))
        return value


class ConcernForm(OnceOnlyFormMixin, forms.Form):
    urgency = forms.ChoiceField(
        label=_("How urgent is it?"),
        choices=ConcernUrgency.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("What happened, or what worries you?"),
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=format_lazy(
            _(
                "About the parent you befriend now, or one whose match ended in the last "
                "{days} days. Write what you saw or heard, in your own words. Only the "
                "coordinator reads it."
            ),
            days=CONCERN_DAYS_AFTER_END,
        ),
        error_messages={"required": _("Please tell us what worries you.")},
    )

    def clean_details(self):
        details = self.cleaned_data["details"].strip()
        if not details:
            raise forms.ValidationError(_("Please tell us what worries you."))
        return details


# ---------------------------------------------------------------------------------------------
# Coordinator (Wagtail admin)


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
    to = forms.ChoiceField(label=_("Move to"), choices=BefrienderStatus.choices)
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
    availability = AvailabilityField(label=_("When they are usually free"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what participation offers befriending: the parent and how they may be contacted.
        self.fields["parent"].queryset = (
            Parent.objects.for_befriending_referral()
            .exclude(status="left")
            .order_by("preferred_name")
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
