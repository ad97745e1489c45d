"""Forms for parents (portal) and the participation manager (admin views).

Forms check input and give plain messages; the services do the work and have the last word.
"""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pace_site.forms import (
    choice_field,
    date_field,
    date_time_field,
    day_month_year_field,
    plain_text,
    text_field,
)
from pace_site.submissions.forms import OnceOnlyFormMixin

from .models import (
    ActivityContent,
    ActivityType,
    Channel,
    CheckInKind,
    ConsentPurpose,
    GivenHow,
    Opportunity,
    Parent,
    TakingPartWay,
    WithdrawnHow,
)

WELLBEING_CHOICES = [
    (1, _("1 – struggling")),
    (2, _("2 – finding things hard")),
    (3, _("3 – getting by")),
    (4, _("4 – mostly OK")),
    (5, _("5 – doing well")),
]


class WellbeingField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("How are you doing?"))
        super().__init__(
            choices=WELLBEING_CHOICES,
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Please choose a number from 1 to 5."),
                "invalid_choice": _("Please choose a number from 1 to 5."),
            },
            **kwargs,
        )


# -- parent portal -----------------------------------------------------------------------------


class SignUpForm(OnceOnlyFormMixin, forms.Form):
    way = forms.ChoiceField(
        label=_("How would you like to take part?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose how you would like to take part."),
            "invalid_choice": _("Please choose one of the ways offered."),
        },
    )
    message = text_field(
        _("Anything you'd like us to know? (optional)"),
        max_length=2000,
        help_text=_("For example times that suit you. Only the Pace team reads this."),
    )
    access_needs = text_field(
        _("Access needs (optional)"),
        max_length=1000,
        help_text=_("For example step-free access, a quiet room, or someone with you."),
        rows=3,
    )

    def __init__(self, *args, opportunity: Opportunity, parent: Parent, **kwargs):
        super().__init__(*args, **kwargs)
        offered = opportunity.ways or list(TakingPartWay.values)
        preferred = [w for w in offered if not parent.ways_accepted or w in parent.ways_accepted]
        self.fields["way"].choices = [(w, TakingPartWay(w).label) for w in (preferred or offered)]


class SelfCheckInForm(OnceOnlyFormMixin, forms.Form):
    wellbeing = WellbeingField()
    words = text_field(
        _("In your own words (optional)"),
        max_length=2000,
        help_text=_("Anything you want to tell us. Only the Pace team reads this."),
    )
    support_wanted = text_field(
        _("Is there any support you would like? (optional)"), max_length=2000, rows=3
    )
    wants_call = forms.BooleanField(
        label=_("I'd like a call"),
        required=False,
        help_text=_("Someone from Pace will ring you as soon as they can."),
    )


class TakeBreakForm(OnceOnlyFormMixin, forms.Form):
    until = day_month_year_field(
        _("When do you think you might come back? (optional)"),
        required=False,
        help_text=_(
            "For example 27 3 2026. You can leave this empty. We will not bring you back "
            "without asking you."
        ),
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        today = timezone.localdate()
        if until and until < today:
            raise ValidationError(_("Please choose a date from today onwards."))
        if until and until > today + timedelta(days=730):
            raise ValidationError(_("Please choose a date within the next two years."))
        return until


class InterestsForm(OnceOnlyFormMixin, forms.Form):
    interests = forms.ModelMultipleChoiceField(
        label=_("What would you like to hear about?"),
        queryset=ActivityType.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Please choose from the list."),
            "invalid_pk_value": _("Please choose from the list."),
        },
    )
    ways_accepted = forms.MultipleChoiceField(
        label=_("Ways you are happy to take part"),
        choices=TakingPartWay.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all empty if any way is fine."),
    )
    will_not_do = forms.MultipleChoiceField(
        label=_("Please don't ask me to do anything with"),
        choices=ActivityContent.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class PrivateDateForm(OnceOnlyFormMixin, forms.Form):
    on = day_month_year_field(
        _("Date"),
        help_text=_("For example 27 3 2026."),
        error_messages={"required": _("Please give the date.")},
    )
    note = forms.CharField(
        label=_("A word to remind you (optional)"),
        required=False,
        max_length=100,
        validators=[plain_text],
        help_text=_("Only you and the Pace team can see this."),
    )

    def clean_on(self):
        on = self.cleaned_data["on"]
        today = timezone.localdate()
        if on < today - timedelta(days=366) or on > today + timedelta(days=366 * 3):
            raise ValidationError(_("Please choose a date within the next three years."))
        return on


class RemovePrivateDateForm(OnceOnlyFormMixin, forms.Form):
    on = forms.DateField(widget=forms.HiddenInput)


class ConsentForm(OnceOnlyFormMixin, forms.Form):
    purpose = choice_field(
        _("I give permission for"),
        ConsentPurpose.choices,
        required_message=_("Please choose what you are giving permission for."),
    )
    detail = forms.CharField(
        label=_("Any details (optional)"),
        required=False,
        max_length=200,
        validators=[plain_text],
        help_text=_("For example which story, which partner or which study."),
    )


# -- manager (admin) ---------------------------------------------------------------------------


class StaffConsentForm(ConsentForm):
    """The manager records a permission the parent gave by phone, in person or on paper (they
    read the parent the wording shown on the form)."""

    how = choice_field(
        _("How did they give it?"),
        [
            (GivenHow.PHONE, _("by phone")),
            (GivenHow.IN_PERSON, _("in person")),
            (GivenHow.PAPER, _("on a paper form")),
        ],
        required_message=_("Please say how they gave it."),
    )


class ConsentWithdrawForm(OnceOnlyFormMixin, forms.Form):
    """The manager records a permission the parent took back by phone, in person or in writing."""

    how = choice_field(
        _("How did they tell you?"),
        [c for c in WithdrawnHow.choices if c[0] != WithdrawnHow.ONLINE],
        required_message=_("Please say how they told you."),
    )


class PauseForm(OnceOnlyFormMixin, forms.Form):
    until = date_field(
        _("Planned return date (optional)"),
        required=False,
        error_messages={"invalid": _("Enter a real date.")},
    )
    reason = text_field(_("Reason (staff only, encrypted)"), max_length=2000)

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until and until < timezone.localdate():
            raise ValidationError(_("The planned end cannot be before the pause starts (today)."))
        return until


class CheckInForm(OnceOnlyFormMixin, forms.Form):
    kind = forms.ChoiceField(choices=CheckInKind.choices, initial=CheckInKind.REGULAR)
    channel = forms.ChoiceField(
        choices=[c for c in Channel.choices if c[0] != Channel.SELF_UPDATE], initial=Channel.PHONE
    )
    happened_at = date_time_field(_("When"))
    wellbeing = WellbeingField(label=_("How they are doing (1 to 5)"))
    words = text_field(_("In their words"), max_length=2000, rows=3)
    notes = text_field(_("Notes (staff only, encrypted)"), max_length=4000)
    support_wanted = text_field(_("Support wanted"), max_length=2000, rows=3)
    follow_up = text_field(_("Follow-up"), max_length=2000, rows=3)
    next_due_on = date_field(
        _("Next check-in due (optional)"),
        required=False,
        help_text=_("Leave empty for the parent's usual cadence."),
    )

    def clean_happened_at(self):
        happened_at = self.cleaned_data["happened_at"]
        now = timezone.now()
        if happened_at > now + timedelta(minutes=5):
            raise ValidationError(_("A check-in cannot be in the future."))
        if happened_at < now - timedelta(days=366):
            raise ValidationError(_("That is more than a year ago."))
        return happened_at

    def clean(self):
        data = super().clean()
        happened_at, next_due = data.get("happened_at"), data.get("next_due_on")
        if happened_at and next_due and next_due < timezone.localdate(happened_at):
            self.add_error("next_due_on", _("The next check-in cannot be due before this one."))
        return data


class ConfirmForm(OnceOnlyFormMixin, forms.Form):
    """Confirm a sign-up, with a readiness check-in where the activity needs one."""

    use_check_in = forms.TypedChoiceField(
        label=_("Readiness"),
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
        empty_value=None,
    )
    wellbeing = WellbeingField(label=_("How they are doing (1 to 5)"), required=False)
    notes = text_field(_("Readiness notes (staff only, encrypted)"), max_length=2000, rows=3)
    private_date_acknowledged = forms.BooleanField(
        label=_("I have talked with the parent about the private date near this one"),
        required=False,
    )

    NEW = 0

    def __init__(self, *args, recent_check_ins, needs_readiness, date_warning, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_readiness = needs_readiness
        self.date_warning = date_warning
        choices = [
            (c.pk, f"Use the readiness check-in of {timezone.localtime(c.happened_at):%-d %b %Y}")
            for c in recent_check_ins
        ]
        self.fields["use_check_in"].choices = [*choices, (self.NEW, _("Record a new one now"))]
        self.fields["use_check_in"].initial = (
            recent_check_ins[0].pk if recent_check_ins else self.NEW
        )
        if not needs_readiness:
            for name in ("use_check_in", "wellbeing", "notes"):
                del self.fields[name]
        if not date_warning:
            del self.fields["private_date_acknowledged"]

    def clean(self):
        data = super().clean()
        if self.needs_readiness:
            choice = data.get("use_check_in")
            if choice in (None, self.NEW) and not data.get("wellbeing"):
                self.add_error(
                    "wellbeing",
                    _("Record how they are doing (1 to 5), or choose a recent readiness check-in."),
                )
        if self.date_warning and not data.get("private_date_acknowledged"):
            self.add_error(
                "private_date_acknowledged",
                _("Tick this once you have talked with the parent about the date."),
            )
        return data


class FollowUpForm(OnceOnlyFormMixin, forms.Form):
    note = forms.CharField(
        label=_("What happened (optional)"),
        required=False,
        max_length=2000,
        validators=[plain_text],
        widget=forms.Textarea(attrs={"rows": 2}),
    )
