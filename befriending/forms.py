"""The public application form and the volunteer's own forms (contact log, concern)."""

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from pace_site.forms import (
    PersonNameField,
    day_month_year_field,
    not_in_future,
    plain_text,
    text_field,
)
from pace_site.submissions.forms import OnceOnlyFormMixin

from .models import (
    AVAILABILITY_CHOICES,
    CONCERN_DAYS_AFTER_END,
    DAYS,
    PARTS_OF_DAY,
    ConcernUrgency,
    ContactLog,
    ContactMethod,
    Gender,
    Match,
    ParentMood,
)

SHORT_TEXT = 1000
LONG_TEXT = 4000


class AvailabilityGridWidget(forms.CheckboxSelectMultiple):
    """The week as a table: a row for each day, a column for each part of the day, and one tick
    box in each cell, named by its day and part ("Monday morning")."""

    template_name = "befriending/includes/availability_grid.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        options = {
            option["value"]: option
            for _group, group_options, _index in context["widget"]["optgroups"]
            for option in group_options
        }
        context["widget"]["parts_of_day"] = [label for _part, label in PARTS_OF_DAY]
        # On a phone the row headers are "Mon", "Tue", …; screen readers still hear "Monday".
        context["widget"]["days"] = [
            (day_label, str(day_label)[:3], [options[f"{day}_{part}"] for part, _ in PARTS_OF_DAY])
            for day, day_label in DAYS
        ]
        return context


class AvailabilityField(forms.MultipleChoiceField):
    widget = AvailabilityGridWidget

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
    what_they_bring = text_field(
        _("What you would bring"),
        max_length=SHORT_TEXT,
        required=True,
        help_text=_("A few lines about you and why you want to befriend a parent."),
        rows=5,
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
    happened_on = day_month_year_field(_("Date"), help_text=_("For example 27 3 2026."))
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
            "method": forms.RadioSelect,
            "parent_mood": forms.RadioSelect,
        }
        labels = {"duration_minutes": _("How long, in minutes")}

    def __init__(self, *args, match: Match, **kwargs):
        super().__init__(*args, **kwargs)
        self.match = match
        self.fields["happened_on"].initial = timezone.localdate()
        self.fields["method"].choices = ContactMethod.choices
        self.fields["parent_mood"].choices = ParentMood.choices

    def clean_happened_on(self):
        value = self.cleaned_data["happened_on"]
        not_in_future(value)
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
