"""The coordinator's actions, one per route, each on the record it moves on: a volunteer
(move, capacity, DBS, training, supervision), a referral (new, propose, close), a match
(introduction, start, planned end, arrangements, end), a review (record it) and a concern (take
in hand, close). Each calls one service with the coordinator as `by`; a form with mistakes or a
refusal is answered with 400 and changes nothing (pace_site.workspace)."""

from django.urls import reverse

from pace_site.workspace import ServiceActionView, ServiceFormView

from .. import services
from ..models import Befriender, Concern, Match, Referral, Review
from . import forms

# -- volunteers ------------------------------------------------------------------------------


class MoveBefrienderView(ServiceActionView):
    # The form takes any status back (the record's page offers only the moves allowed now): the
    # service says why a move is refused, and a form sent twice gets the first answer.
    model = Befriender
    form_class = forms.MoveForm
    page_title = "Move %(object)s on"
    submit_label = "Change status"
    success_message = "Status changed."

    def act(self, obj, *, to, reason):
        return services.move_befriender(obj, to=to, reason=reason, by=self.request.user)


class SetCapacityView(ServiceActionView):
    model = Befriender
    form_class = forms.CapacityForm
    page_title = "How many matches %(object)s may have at once"
    success_message = "Number of matches saved."

    def get_initial(self):
        return {"max_active_matches": self.object.max_active_matches}

    def act(self, obj, *, max_active_matches):
        return services.set_capacity(
            obj, max_active_matches=max_active_matches, by=self.request.user
        )


class RecordDbsView(ServiceActionView):
    model = Befriender
    form_class = forms.DbsForm
    page_title = "DBS certificate of %(object)s"
    submit_label = "Save DBS certificate"
    success_message = "DBS certificate recorded."

    def act(self, obj, *, certificate_number, issued_on):
        return services.record_dbs(
            obj, certificate_number=certificate_number, issued_on=issued_on, by=self.request.user
        )


class RecordTrainingView(ServiceActionView):
    model = Befriender
    form_class = forms.TrainingForm
    page_title = "Training of %(object)s"
    submit_label = "Record training"
    success_message = "Training recorded."

    def act(self, obj, *, module, completed_on):
        return services.record_training(
            obj, module=module, completed_on=completed_on, by=self.request.user
        )


class RecordSupervisionView(ServiceActionView):
    model = Befriender
    form_class = forms.SupervisionForm
    page_title = "Supervision of %(object)s"
    submit_label = "Record supervision"
    success_message = "Supervision session recorded."

    def act(self, obj, *, held_on, notes):
        return services.record_supervision(obj, held_on=held_on, notes=notes, by=self.request.user)


# -- referrals -------------------------------------------------------------------------------


class NewReferralView(ServiceFormView):
    """Refer a parent for befriending, then see the suggested volunteers."""

    form_class = forms.ReferralForm
    template_name = "befriending/admin/referral_add.html"
    page_title = "Refer a parent for befriending"
    success_message = "Referral saved. Here are the suggested volunteers."

    def act(self, **data):
        return services.create_referral(by=self.request.user, **data)

    def duplicate_result(self, data):
        # The same form sent twice: show the referral the first one saved.
        return (
            Referral.objects.filter(parent=data["parent"], referred_by=self.request.user)
            .order_by("-pk")
            .first()
        )

    def get_success_url(self):
        if self.result is None:  # nothing found for a form sent again: the list of referrals
            return reverse("befriending_referrals:index")
        return super().get_success_url()


class ProposeMatchView(ServiceActionView):
    """A button beside each suggestion: propose that volunteer, then go to the new match."""

    model = Referral
    form_class = forms.ProposeForm
    form_on_record_page = True
    http_method_names = ["post"]
    match: Match | None = None

    def act(self, obj, *, befriender):
        volunteer = Befriender.objects.filter(pk=befriender).first()
        if volunteer is None:
            raise services.BefriendingError("Choose a volunteer from the suggestions.")
        self.volunteer = volunteer
        self.match = services.propose_match(obj, befriender=volunteer, by=self.request.user)
        return self.match

    def post(self, request, *args, **kwargs):
        self.volunteer = None
        return super().post(request, *args, **kwargs)

    def get_cancel_url(self):
        return reverse("befriending_referrals:inspect", args=[self.object.pk])

    def _proposed(self) -> Match | None:
        """The match this form made (the first time, when it is sent twice)."""
        if self.match is not None:
            return self.match
        befriender = self.request.POST.get("befriender", "")
        if not befriender.isdigit():
            return None
        return (
            Match.objects.filter(referral=self.object, befriender_id=int(befriender))
            .select_related("befriender")
            .order_by("-pk")
            .first()
        )

    def get_success_url(self):
        match = self._proposed()
        if match is None:
            return self.get_cancel_url()
        return reverse("befriending_matches:inspect", args=[match.pk])

    def get_success_message(self, result):
        match = self._proposed()
        if match is None:
            return ""
        return f"{match.befriender.name} proposed. Record the introduction next."


class CloseReferralView(ServiceActionView):
    model = Referral
    page_title = "Close %(object)s?"
    destructive = True
    submit_label = "Close this referral"
    success_message = "Referral closed."

    def act(self, obj):
        return services.close_referral(obj, by=self.request.user)


# -- matches and reviews ---------------------------------------------------------------------


class MatchActionView(ServiceActionView):
    model = Match
    select_related = ("befriender", "parent", "referral")


class RecordIntroductionView(MatchActionView):
    form_class = forms.IntroductionForm
    page_title = "Introduction meeting"
    submit_label = "Record introduction"
    success_message = "Introduction recorded."

    def get_initial(self):
        return {"introduction_on": self.object.introduction_on}

    def act(self, obj, *, introduction_on):
        return services.record_introduction(
            obj, introduction_on=introduction_on, by=self.request.user
        )


class StartMatchView(MatchActionView):
    form_class = forms.StartMatchForm
    page_title = "Start the match"
    submit_label = "Start match"
    success_message = "Match started. Its reviews are scheduled."

    def act(self, obj, **data):
        return services.start_match(obj, by=self.request.user, **data)


class ChangePlannedEndView(MatchActionView):
    form_class = forms.PlannedEndForm
    page_title = "Extend or change the planned end"
    submit_label = "Change planned end"
    success_message = "Planned end changed. The reviews are scheduled again."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "match": self.object}

    def get_initial(self):
        return {"planned_end_on": self.object.planned_end_on}

    def act(self, obj, *, planned_end_on):
        return services.change_planned_end(obj, planned_end_on=planned_end_on, by=self.request.user)


class ChangeArrangementsView(MatchActionView):
    form_class = forms.ArrangementsForm
    page_title = "Arrangements"
    submit_label = "Save arrangements"
    success_message = "Arrangements saved."

    def get_initial(self):
        match = self.object
        return {
            "how_often": match.how_often,
            "contact_method": match.contact_method,
            "where": match.where,
        }

    def act(self, obj, **data):
        return services.update_arrangements(obj, by=self.request.user, **data)


class EndMatchView(MatchActionView):
    form_class = forms.EndMatchForm
    page_title = "End the match?"
    intro = (
        "Ending the match cannot be undone: the volunteer and the parent stop being matched, "
        "and any reviews still to come are cancelled."
    )
    submit_label = "Yes, end the match"
    destructive = True
    success_message = "Match ended."

    def act(self, obj, *, ended_on, reason, summary):
        return services.end_match(
            obj, ended_on=ended_on, reason=reason, summary=summary, by=self.request.user
        )


class CompleteReviewView(ServiceActionView):
    """Record a review; back to its match."""

    model = Review
    select_related = ("match",)
    form_class = forms.ReviewForm
    page_title = "Record the review"
    submit_label = "Save review"
    success_message = "Review recorded."

    def act(self, obj, **data):
        return services.complete_review(obj, by=self.request.user, **data)

    def get_success_url(self):
        return reverse("befriending_matches:inspect", args=[self.object.match_id])


# -- concerns --------------------------------------------------------------------------------


class TakeConcernInHandView(ServiceActionView):
    model = Concern
    page_title = "Take this concern in hand?"
    submit_label = "I am dealing with this"
    success_message = "You have taken this concern in hand."

    def act(self, obj):
        return services.take_concern_in_hand(obj, by=self.request.user)


class CloseConcernView(ServiceActionView):
    model = Concern
    form_class = forms.ConcernOutcomeForm
    page_title = "Record the outcome and close"
    submit_label = "Close with this outcome"
    success_message = "Concern closed with its outcome."
    refusal_goes_back = True  # closed meanwhile: the page says so

    def act(self, obj, *, outcome):
        return services.close_concern(obj, outcome=outcome, by=self.request.user)
