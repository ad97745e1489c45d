"""The forms of the breach log: one per step."""

from datetime import datetime, timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pace_site.forms import date_time_field, plain_text, text_field
from pace_site.submissions.forms import OnceOnlyFormMixin

from ..models import BreachRisk, ToldHow
from ..registry import Category

MAX_PEOPLE_LISTED = 500
EARLIEST = timedelta(days=5 * 366)


def in_range(value: datetime | None) -> datetime | None:
    """Not in the future, and not more than five years ago."""
    if value is None:
        return value
    now = timezone.now()
    if value > now + timedelta(minutes=5):
        raise ValidationError(_("That is in the future."))
    if value < now - EARLIEST:
        raise ValidationError(_("That is more than five years ago."))
    return value


class RecordBreachForm(OnceOnlyFormMixin, forms.Form):
    what_happened = text_field(
        _("What happened"),
        max_length=4000,
        required=True,
        help_text=_("Plain facts, without names: list the people affected below."),
    )
    discovered_at = date_time_field(_("When we found out"), help_text=_("The 72 hours start here."))
    happened_at = date_time_field(
        _("When it happened (if known)"), required=False, help_text=_("Leave empty if unknown.")
    )
    affected_emails = forms.CharField(
        label=_("People affected who have an account here"),
        required=False,
        max_length=MAX_PEOPLE_LISTED * 80,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Their e-mail addresses, one on each line."),
    )
    others_affected = forms.IntegerField(
        label=_("How many other people are affected (no account here)"),
        min_value=0,
        max_value=1_000_000,
        initial=0,
        error_messages={"invalid": _("Enter a whole number, 0 or more.")},
    )
    data_kinds = forms.MultipleChoiceField(
        label=_("Kinds of information involved"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of information.")},
    )

    def clean_discovered_at(self):
        return in_range(self.cleaned_data["discovered_at"])

    def clean_happened_at(self):
        return in_range(self.cleaned_data["happened_at"])

    def clean_affected_emails(self):
        lines = [line.strip() for line in self.cleaned_data["affected_emails"].splitlines()]
        addresses = sorted({line.lower() for line in lines if line})
        if len(addresses) > MAX_PEOPLE_LISTED:
            raise ValidationError(_("List at most 500 people here; count the rest below."))
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                raise ValidationError(
                    _("Write one e-mail address on each line, and nothing else.")
                ) from None
        people = list(get_user_model().objects.filter(email__in=addresses))
        unknown = len(addresses) - len(people)
        if unknown:
            raise ValidationError(
                _(
                    "%(n)s of these addresses belong to nobody here. Count those people under "
                    "'other people affected' instead."
                )
                % {"n": unknown}
            )
        return people

    def clean(self):
        data = super().clean() or {}
        happened, discovered = data.get("happened_at"), data.get("discovered_at")
        if happened and discovered and happened > discovered:
            self.add_error("happened_at", _("It cannot have happened after we found out."))
        return data


class AssessBreachForm(OnceOnlyFormMixin, forms.Form):
    risk = forms.ChoiceField(
        label=_("How serious is it for the people affected?"),
        choices=BreachRisk.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how serious it is.")},
    )
    notes = text_field(_("Why (the risk assessment)"), max_length=4000, required=True)
    must_report = forms.TypedChoiceField(
        label=_("Must it be reported to the ICO?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether it must be reported.")},
    )
    not_reported_reason = text_field(
        _("If not: why not"),
        max_length=2000,
        help_text=_("Only a breach unlikely to put anyone at risk may go unreported."),
    )

    def clean(self):
        data = super().clean() or {}
        if data.get("must_report") is False:
            if data.get("risk") and data["risk"] != BreachRisk.NO_RISK:
                self.add_error(
                    "must_report",
                    _("A breach that may put people at risk must be reported within 72 hours."),
                )
            if not data.get("not_reported_reason"):
                self.add_error("not_reported_reason", _("Say why it does not need reporting."))
        return data


class ReportedForm(OnceOnlyFormMixin, forms.Form):
    reported_at = date_time_field(_("When it was reported"))
    reference = forms.CharField(
        label=_("The ICO's reference"),
        max_length=40,
        validators=[plain_text],
        error_messages={"required": _("Enter the reference the ICO gave.")},
    )

    def clean_reported_at(self):
        return in_range(self.cleaned_data["reported_at"])


class PeopleToldForm(OnceOnlyFormMixin, forms.Form):
    told_at = date_time_field(_("When they were told"))
    how = forms.ChoiceField(
        label=_("How they were told"),
        choices=ToldHow.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how they were told.")},
    )

    def clean_told_at(self):
        return in_range(self.cleaned_data["told_at"])
