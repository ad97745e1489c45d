from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from pace_site.forms import PersonNameField, day_month_year_field
from pace_site.submissions.forms import OnceOnlyFormMixin

from .models import MAX_TRAVEL_AMOUNT, Answer, Event, Feedback, Registration, RoomPreference
from .services import MAX_NEEDS_LENGTH, Needs


def _needs_field(label, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_NEEDS_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RegistrationForm(OnceOnlyFormMixin, forms.Form):
    """What a person tells us when they book a place. Everything is optional unless the event is
    a residential, where we need the days."""

    dietary_needs = _needs_field(
        _("Food and drink"), _("Anything you cannot eat or drink, or prefer. Leave empty if none.")
    )
    access_needs = _needs_field(
        _("Access and support"),
        _("Anything that would make the day easier for you: step-free access, a quiet room, …"),
    )
    arrival_on = day_month_year_field(_("Day you arrive"), required=False)
    departure_on = day_month_year_field(_("Day you leave"), required=False)
    room_preference = forms.ChoiceField(
        label=_("Your room"),
        required=False,
        choices=[("", _("Choose…")), *RoomPreference.choices],
    )
    room_notes = PersonNameField(
        label=_("Who you would like to share with"),
        required=False,
        max_length=200,
        help_text=_("Only if you chose to share with someone you name."),
    )
    wants_travel_support = forms.BooleanField(
        label=_("I would like help with travel costs"), required=False
    )
    travel_support_requested = forms.DecimalField(
        label=_("About how much will your journey cost? (£)"),
        required=False,
        min_value=Decimal("0"),
        max_value=MAX_TRAVEL_AMOUNT,
        max_digits=7,
        decimal_places=2,
        help_text=_("A rough figure is fine. We will confirm what we can cover."),
    )
    photo_consent = forms.BooleanField(
        label=_("I am happy to be in photos taken on the day"),
        required=False,
        help_text=_(
            "Leave this unticked and nobody will take your photo. You can change your mind."
        ),
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        if not event.is_residential:
            for name in ("arrival_on", "departure_on", "room_preference", "room_notes"):
                del self.fields[name]
        else:
            self.fields["arrival_on"].required = True
            self.fields["departure_on"].required = True
            self.fields["arrival_on"].error_messages["required"] = _(
                "Please give the day you arrive."
            )
            self.fields["departure_on"].error_messages["required"] = _(
                "Please give the day you leave."
            )
            self.fields["room_preference"].required = True
            first = timezone.localtime(event.starts_at).date()
            last = timezone.localtime(event.ends_at).date()
            span = _("From %(first)s to %(last)s, for example %(example)s.") % {
                "first": f"{first:%-d %B}",
                "last": f"{last:%-d %B %Y}",
                "example": f"{first:%-d %-m %Y}",
            }
            for name in ("arrival_on", "departure_on"):
                self.fields[name].help_text = span
            self.initial.setdefault("arrival_on", first)
            self.initial.setdefault("departure_on", last)
        if not event.travel_support_offered:
            del self.fields["wants_travel_support"]
            del self.fields["travel_support_requested"]

    def clean(self):
        data = super().clean()
        arrival, departure = data.get("arrival_on"), data.get("departure_on")
        if arrival and departure and departure < arrival:
            self.add_error("departure_on", _("The day you leave must be after the day you arrive."))
        if (
            data.get("wants_travel_support")
            and data.get("travel_support_requested") is None
            and "travel_support_requested" not in self.errors
        ):
            self.add_error("travel_support_requested", _("Please give a rough amount, even £0."))
        return data

    def needs(self) -> Needs:
        data = self.cleaned_data
        return Needs(
            dietary_needs=data.get("dietary_needs", "").strip(),
            access_needs=data.get("access_needs", "").strip(),
            arrival_on=data.get("arrival_on"),
            departure_on=data.get("departure_on"),
            room_preference=data.get("room_preference", ""),
            room_notes=data.get("room_notes", "").strip(),
            travel_support_requested=(
                data.get("travel_support_requested") if data.get("wants_travel_support") else None
            ),
            photo_consent=data.get("photo_consent", False),
        )


class FeedbackForm(OnceOnlyFormMixin, forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["felt_less_alone", "met_someone_who_understands", "more_confident"]
        widgets = {
            "felt_less_alone": forms.RadioSelect,
            "met_someone_who_understands": forms.RadioSelect,
            "more_confident": forms.RadioSelect,
        }

    anything_to_change = forms.CharField(
        label=_("Is there anything we should change?"),
        required=False,
        max_length=MAX_NEEDS_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("felt_less_alone", "met_someone_who_understands", "more_confident"):
            self.fields[name].choices = Answer.choices

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            "felt_less_alone": data["felt_less_alone"],
            "met_someone_who_understands": data["met_someone_who_understands"],
            "more_confident": data["more_confident"],
            "anything_to_change": data.get("anything_to_change", "").strip(),
        }


class TravelApprovalForm(OnceOnlyFormMixin, forms.Form):
    amount = forms.DecimalField(
        label=_("Approve (£)"),
        min_value=Decimal("0"),
        max_value=MAX_TRAVEL_AMOUNT,
        max_digits=7,
        decimal_places=2,
    )


class AttendanceForm(OnceOnlyFormMixin, forms.Form):
    """One tap on the attendance list: this person (of this event) is here, or not."""

    registration = forms.CharField(widget=forms.HiddenInput, required=False)
    attended = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event

    def clean_registration(self) -> Registration:
        raw = self.cleaned_data["registration"]
        found = (
            self.event.registrations.filter(pk=int(raw)).first()
            if raw.isdigit() and len(raw) < 12
            else None
        )
        if found is None:
            raise forms.ValidationError(_("Choose a person to mark."))
        return found

    def clean_attended(self) -> bool:
        return self.cleaned_data["attended"] == "yes"


class EventAdminForm(WagtailAdminModelForm):
    """The staff form for an event: clear messages for the rules the database also holds. Its
    hidden key makes a double click on Save create or change the event once."""

    submission_key = OnceOnlyFormMixin.base_fields["submission_key"]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        if closes and ends and closes > ends:
            self.add_error("registration_closes_at", _("Registration must close by the end."))
        capacity = data.get("capacity")
        if capacity is not None and self.instance.pk:
            taken = Event.objects.places_taken(self.instance.pk)
            if capacity < taken:
                self.add_error(
                    "capacity",
                    _("%(taken)s people already have a place; keep at least that many.")
                    % {"taken": taken},
                )
        return data
