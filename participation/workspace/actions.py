"""The participation manager's actions, each on one record: GET shows the form (or a one-button
confirmation), POST runs the service once and goes back to the record's page."""

from django import forms
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pace_site.audit.services import record_view
from pace_site.forms import date_field, not_in_future, plain_text, text_field
from pace_site.submissions.forms import OnceOnlyFormMixin
from pace_site.workspace import ServiceActionView

from .. import services
from ..forms import (
    CheckInForm,
    ConfirmForm,
    ConsentWithdrawForm,
    FollowUpForm,
    PauseForm,
    StaffConsentForm,
)
from ..models import (
    CHANGE_DESCRIPTION_MAX,
    CHANGE_TITLE_MAX,
    ChangeKind,
    CheckIn,
    CheckInKind,
    Consent,
    Opportunity,
    OpportunityStatus,
    Parent,
    SignUp,
    SignUpStatus,
)

# -- a parent ----------------------------------------------------------------------------------


class ParentActionView(ServiceActionView):
    model = Parent
    select_related = ("user",)
    header_icon = "group"


class PauseParentView(ParentActionView):
    form_class = PauseForm
    page_title = _("Pause %(object)s")
    intro = _(
        "While paused they get no offers, are hidden from invitation lists, and their "
        "pending sign-ups wait for you. They are not resumed automatically."
    )
    submit_label = _("Pause")
    success_message = _("%(object)s is paused. They will get no offers.")

    def act(self, parent, *, until, reason):
        return services.pause_parent(
            parent, by=self.request.user, by_parent=False, until=until, reason=reason
        )


class ResumeParentView(ParentActionView):
    page_title = _("Resume %(object)s")
    intro = _("Have you checked in with them first? They will start getting offers again.")
    submit_label = _("Resume")
    success_message = _("%(object)s is active again.")

    def act(self, parent):
        return services.resume_parent(parent, by=self.request.user, by_parent=False)


class GiveConsentView(ParentActionView):
    """Record a permission the parent gave (for example on a paper form or by phone)."""

    form_class = StaffConsentForm
    page_title = _("Record a permission from %(object)s")
    intro = _(
        "Read them what the permission means first: the same words they see on their own "
        "page. Story and photo permissions run out after 12 months; we ask them again a month "
        "before."
    )
    submit_label = _("Record")
    success_message = _("Permission recorded.")

    def act(self, parent, *, purpose, detail, how):
        return services.give_consent(
            parent, by=self.request.user, purpose=purpose, detail=detail, how=how
        )


class LeaveView(ParentActionView):
    page_title = _("%(object)s is leaving the programme")
    intro = _(
        "Any pause ends, their sign-ups still waiting or confirmed are withdrawn, and they "
        "get no more offers. Their history stays."
    )
    submit_label = _("Record that they have left")
    success_message = _("%(object)s has left the programme.")

    def act(self, parent):
        return services.mark_left(parent, by=self.request.user)


class LogCheckInView(ParentActionView):
    form_class = CheckInForm
    page_title = _("Log a check-in with %(object)s")
    submit_label = _("Save check-in")
    success_message = _("Check-in saved.")

    def get_initial(self) -> dict:
        now = timezone.localtime().replace(second=0, microsecond=0, tzinfo=None)
        initial = {"happened_at": now}
        if self.request.GET.get("kind") in CheckInKind.values:
            initial["kind"] = self.request.GET["kind"]
        return initial

    def act(self, parent, **data):
        return services.log_check_in(parent, by=self.request.user, **data)


# -- a permission, a check-in ------------------------------------------------------------------


class WithdrawConsentView(ServiceActionView):
    """Record that the parent took a permission back, and how they told us; what it covered
    stops at once (see services.withdraw_consent)."""

    model = Consent
    form_class = ConsentWithdrawForm
    select_related = ("parent",)
    header_icon = "group"
    submit_label = _("Withdraw the permission")
    success_message = _("Permission withdrawn. Anything that relied on it has stopped.")
    intro = _(
        "From now on it is not used: confirmed places that need it are given up (they are "
        "told), a story that relies on it comes off the website, and you will get a message "
        "saying anything left to do by hand."
    )

    @property
    def page_title(self) -> str:
        return _("Withdraw %(name)s's permission for %(purpose)s") % {
            "name": self.object.parent,
            "purpose": self.object.get_purpose_display(),
        }

    def get_success_url(self) -> str:
        return reverse("participation_parents:inspect", args=[self.object.parent_id])

    def act(self, consent, *, how):
        return services.withdraw_consent(consent, by=self.request.user, how=how)


class CompleteFollowUpView(ServiceActionView):
    """Mark a check-in's follow-up as done (the form is on the check-in's page)."""

    model = CheckIn
    form_class = FollowUpForm
    http_method_names = ["post"]  # noqa: RUF012
    page_title = _("Follow-up for %(object)s")
    submit_label = _("Mark the follow-up as done")
    success_message = _("Follow-up marked as done.")

    def act(self, check_in: CheckIn, *, note):
        return services.complete_follow_up(check_in, by=self.request.user, note=note)


# -- an opportunity ----------------------------------------------------------------------------


class OpportunityActionView(ServiceActionView):
    """A button on the opportunity's page; no page of its own."""

    model = Opportunity
    http_method_names = ["post"]  # noqa: RUF012
    success_message = _("Saved.")


class PublishOpportunityView(OpportunityActionView):
    def act(self, opportunity):
        return services.publish_opportunity(opportunity, by=self.request.user)

    def get_success_message(self, result) -> str:
        if result is None:  # the same form again
            return str(self.success_message)
        return _("Published and offered to %(n)d parents.") % {"n": len(result)}


class OfferForm(OnceOnlyFormMixin):
    parent = forms.ModelChoiceField(queryset=Parent.objects.all(), widget=forms.HiddenInput)


class OfferView(OpportunityActionView):
    form_class = OfferForm

    def act(self, opportunity, *, parent):
        services.offer_to(opportunity, parent=parent, by=self.request.user)
        return parent

    def form_invalid(self, form, *, refused: bool = False):
        if "parent" in form.errors:  # no such parent
            raise Http404
        return super().form_invalid(form, refused=refused)

    def get_success_message(self, result) -> str:
        if result is None:
            return str(self.success_message)
        return _("Offered to %(name)s.") % {"name": result}


def button_choice(members, *, unknown: str) -> forms.ChoiceField:
    """The value of the button pressed, one of `members` (TextChoices)."""
    return forms.ChoiceField(
        choices=[(member, member.label) for member in members],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": unknown},
    )


class OpportunityStatusForm(OnceOnlyFormMixin):
    status = button_choice(
        (
            OpportunityStatus.OPEN,
            OpportunityStatus.CLOSED,
            OpportunityStatus.DONE,
            OpportunityStatus.CANCELLED,
        ),
        unknown=_("Unknown action."),
    )


class OpportunityStatusView(OpportunityActionView):
    """Reopen, close to sign-ups, mark as done or cancel."""

    form_class = OpportunityStatusForm

    def act(self, opportunity, *, status):
        return services.set_opportunity_status(opportunity, status=status, by=self.request.user)


class CancelOpportunityView(ServiceActionView):
    """Cancelling asks first, on its own page: everyone still signed up is told."""

    model = Opportunity
    page_title = _("Cancel %(object)s?")
    intro = _(
        "Everyone still signed up is told it is cancelled, and it is no longer offered. "
        "This cannot be undone."
    )
    submit_label = _("Yes, cancel it and tell everyone")
    success_message = _("Cancelled. Everyone still signed up has been told.")
    destructive = True

    def act(self, opportunity):
        return services.set_opportunity_status(
            opportunity, status=OpportunityStatus.CANCELLED, by=self.request.user
        )


class ContributorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj.parent)


class ChangeMadeForm(OnceOnlyFormMixin):
    """ "You said, we did": what changed, in words the parents will read, and whose
    contributions brought it about."""

    kind = forms.ChoiceField(
        label=_("What kind of change"), choices=ChangeKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label=_("What changed"),
        max_length=CHANGE_TITLE_MAX,
        validators=[plain_text],
        help_text=_("For example: Our guide for schools on criminal exploitation."),
    )
    description = text_field(
        _("What we did"),
        max_length=CHANGE_DESCRIPTION_MAX,
        required=True,
        help_text=_(
            "A few sentences the parents will read on their page: what you heard from them and "
            "what you changed. No names."
        ),
    )
    changed_on = date_field(_("When it changed"), validators=[not_in_future])
    sign_ups = ContributorChoiceField(
        label=_("Parents whose contribution led to it"),
        queryset=SignUp.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose at least one parent who took part.")},
    )

    def __init__(self, *args, opportunity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sign_ups"].queryset = (
            SignUp.objects.contributions()
            .filter(opportunity=opportunity)
            .select_related("parent")
            .order_by("pk")
        )


class RecordChangeView(ServiceActionView):
    """Record what an opportunity's contributions changed, and tell those parents."""

    model = Opportunity
    form_class = ChangeMadeForm
    header_icon = "tick"
    page_title = _("You said, we did: %(object)s")
    intro = _(
        "Tell the parents who took part what their contribution changed. Each parent you tick "
        "gets a short message that never says what it is about, and sees the change on their "
        "page."
    )
    submit_label = _("Record and tell the parents")
    success_message = _("Recorded. The parents you chose have been told.")

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "opportunity": self.object}

    def get_initial(self) -> dict:
        initial = {"changed_on": timezone.localdate()}
        chosen = self.request.GET.get("sign_up", "")
        if chosen.isdigit():
            initial["sign_ups"] = [int(chosen)]
        return initial

    def act(self, opportunity, *, kind, title, description, changed_on, sign_ups):
        return services.record_change_made(
            opportunity,
            kind=kind,
            title=title,
            description=description,
            changed_on=changed_on,
            sign_ups=list(sign_ups),
            by=self.request.user,
        )


# -- a sign-up ---------------------------------------------------------------------------------


class SignUpActionView(ServiceActionView):
    """Decisions on a sign-up go back to its opportunity's page."""

    model = SignUp

    def get_success_url(self) -> str:
        return reverse("participation_opportunities:inspect", args=[self.object.opportunity_id])


class ConfirmSignUpView(SignUpActionView):
    """Confirm a sign-up: a readiness check-in where needed, and a warning near a private
    date. Opening it is audited."""

    template_name = "participation/admin/confirm.html"
    form_class = ConfirmForm
    select_related = ("parent__user", "opportunity__activity_type")
    header_icon = "tick"
    refusal_goes_back = True  # the service's message, on the opportunity's page
    page_title = _("Confirm %(object_parent)s")
    submit_label = _("Confirm")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        signup = self.object
        self.needs_readiness = signup.opportunity.activity_type.needs_readiness
        self.recent = (
            list(CheckIn.objects.recent_readiness(signup.parent)) if self.needs_readiness else []
        )
        self.date_warning = signup.parent.private_date_near(signup.opportunity.key_date)

    def words(self, text) -> str:
        return str(text) % {"object_parent": self.object.parent} if "%(" in str(text) else str(text)

    def get_form_kwargs(self) -> dict:
        return {
            **super().get_form_kwargs(),
            "recent_check_ins": self.recent,
            "needs_readiness": self.needs_readiness,
            "date_warning": self.date_warning,
        }

    def get_success_message(self, result) -> str:
        return _("%(name)s is confirmed.") % {"name": self.object.parent}

    def act(self, signup, **data):
        return services.confirm_with_readiness(
            signup,
            by=self.request.user,
            use_check_in=data.get("use_check_in"),
            wellbeing=data.get("wellbeing"),
            notes=data.get("notes", ""),
            private_date_acknowledged=bool(data.get("private_date_acknowledged")),
        )

    def render_to_response(self, context, **response_kwargs):
        record_view(self.request, "participation.sign_up.viewed", self.object)
        return super().render_to_response(context, **response_kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            signup=self.object,
            date_warning=self.date_warning,
            needs_readiness=self.needs_readiness,
            **kwargs,
        )


class DecisionForm(OnceOnlyFormMixin):
    decision = button_choice(
        (
            SignUpStatus.WAITLISTED,
            SignUpStatus.DECLINED,
            SignUpStatus.TOOK_PART,
            SignUpStatus.DID_NOT_TAKE_PART,
        ),
        unknown=_("That is not a decision a sign-up can have."),
    )


class DecideSignUpView(SignUpActionView):
    """Waiting list, decline kindly, or whether a confirmed parent took part (buttons on the
    opportunity's page)."""

    form_class = DecisionForm
    http_method_names = ["post"]  # noqa: RUF012
    success_message = _("Saved.")

    def act(self, signup, *, decision):
        return services.decide_sign_up(signup, decision=decision, by=self.request.user)
