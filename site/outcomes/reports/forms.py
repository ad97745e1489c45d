"""The report page's filters: a period (a rule such as the last full quarter, or dates typed
as day, month and year), programme, region, activity type and sections; and the form that
saves them as a definition to run again."""

import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pace_site.forms import day_month_year_field, plain_text
from pace_site.submissions.forms import OnceOnlyFormMixin

from .periods import PeriodRule, period_for
from .registry import PROGRAMMES, ReportFilters, activity_type_choices, section_choices

EARLIEST_YEAR = 2000
LONGEST_DAYS = 366 * 20


class ReportFiltersForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Period"), choices=PeriodRule.choices, initial=PeriodRule.LAST_QUARTER
    )
    starts_on = day_month_year_field(
        _("From"), required=False, min_year=EARLIEST_YEAR, help_text=_("For example 1 4 2026.")
    )
    ends_on = day_month_year_field(
        _("To"), required=False, min_year=EARLIEST_YEAR, help_text=_("For example 30 6 2026.")
    )
    programme = forms.ChoiceField(
        label=_("Programme"),
        required=False,
        choices=[("", _("Every programme")), *PROGRAMMES.items()],
    )
    region = forms.CharField(
        label=_("Region"),
        required=False,
        max_length=100,
        strip=True,
        validators=[plain_text],
        help_text=_("A town or area as written on records, for example Leeds. Empty: everywhere."),
    )
    activity_type = forms.TypedChoiceField(
        label=_("Activity type"), required=False, coerce=int, empty_value=None
    )
    sections = forms.MultipleChoiceField(
        label=_("Sections"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every section."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        activity_type = cast(forms.TypedChoiceField, self.fields["activity_type"])
        activity_type.choices = [("", _("Every activity type")), *activity_type_choices()]
        cast(forms.MultipleChoiceField, self.fields["sections"]).choices = section_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        today = timezone.localdate()
        if data.get("period") == PeriodRule.FIXED:
            starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
            if starts_on is None:
                self.add_error("starts_on", _("Enter the first day of the period."))
            if ends_on is None:
                self.add_error("ends_on", _("Enter the last day of the period."))
            if starts_on and ends_on:
                self._check_dates(starts_on, ends_on, today)
        elif data.get("period"):
            data["starts_on"], data["ends_on"] = period_for(data["period"], today=today)
        return data

    def _check_dates(self, starts_on: datetime.date, ends_on: datetime.date, today) -> None:
        if ends_on < starts_on:
            self.add_error("ends_on", _("The last day must be on or after the first day."))
        elif starts_on > today:
            self.add_error("starts_on", _("The period must start today or earlier."))
        elif (ends_on - starts_on).days > LONGEST_DAYS:
            self.add_error("ends_on", _("A report covers at most 20 years."))

    def report_filters(self) -> ReportFilters:
        data = self.cleaned_data
        return ReportFilters(
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            programme=data.get("programme") or "",
            region=data.get("region") or "",
            activity_type=data.get("activity_type"),
        )

    def audit_data(self) -> dict[str, Any]:
        """The choices for the audit trail: dates and choice values, a region only as used."""
        data = self.cleaned_data
        chosen: dict[str, Any] = {
            "period": data["period"],
            "from": data["starts_on"].isoformat(),
            "to": data["ends_on"].isoformat(),
        }
        if data.get("programme"):
            chosen["programme"] = data["programme"]
        if data.get("region"):
            chosen["region"] = True
        if data.get("activity_type"):
            chosen["activity_type"] = data["activity_type"]
        return chosen


class SaveReportForm(OnceOnlyFormMixin, ReportFiltersForm):
    """The report's choices, and a name to save them under."""

    name = forms.CharField(
        label=_("Name of the saved report"),
        max_length=120,
        strip=True,
        validators=[plain_text],
        help_text=_("For example: Lottery, every quarter."),
    )

    field_order = ["name"]
