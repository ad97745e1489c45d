"""The record pages of the coordinator's workspace: a volunteer, a referral (with the ranked
suggestions), a match, a contact log and a concern. Each opening is audited, as each page shows
what only the coordinator may read."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pace_site.notifications.models import ContactRules
from pace_site.workspace import RecordView

from ..matching import suggest_befrienders
from ..models import (
    VETTING_ORDER,
    Befriender,
    BefrienderStatus,
    Concern,
    ContactLog,
    Match,
    MatchStatus,
    Referral,
    ReferralStatus,
)
from ..services import ALLOWED_MOVES
from . import forms


def move_choices(status: str) -> list[tuple[str, str]]:
    """Where a volunteer in `status` may be moved, as form choices."""
    allowed = set(ALLOWED_MOVES[BefrienderStatus(status)])
    if status in VETTING_ORDER[:-1]:
        allowed.add(BefrienderStatus.NOT_TAKEN_FORWARD)
    if not allowed:
        return []
    # Nothing chosen for the coordinator unless the next vetting step is the obvious one.
    return [("", _("Choose where to move them"))] + [
        (s.value, s.label) for s in BefrienderStatus if s in allowed
    ]


class BefrienderRecordView(RecordView):
    """A volunteer with their matches, concerns, training and supervision, and the forms that
    move them on. The page lists matches and concerns, so every opening is audited."""

    model = Befriender
    template_name = "befriending/admin/befriender.html"
    select_related = ("user",)

    @property
    def audit_code(self) -> str:
        if self.object.not_taken_forward_reason:
            return "befriending.befriender.private_reason_viewed"
        return "befriending.befriender.viewed"

    def get_page_title(self) -> str:
        return self.object.name

    def get_context_data(self, **kwargs):
        befriender = self.object
        move_form = forms.MoveForm(initial={"to": befriender.next_vetting_status})
        move_form.fields["to"].choices = move_choices(befriender.status)
        return super().get_context_data(
            befriender=befriender,
            training=befriender.training.all(),
            supervision=befriender.supervision_sessions.select_related("held_by"),
            matches=befriender.matches.select_related("parent").order_by("-proposed_at"),
            concerns=befriender.concerns.all()[:20],
            move_form=move_form,
            capacity_form=forms.CapacityForm(
                initial={"max_active_matches": befriender.max_active_matches}
            ),
            dbs_form=forms.DbsForm(
                initial={
                    "certificate_number": befriender.dbs_certificate_number,
                    "issued_on": befriender.dbs_issued_on,
                }
            ),
            training_form=forms.TrainingForm(),
            supervision_form=forms.SupervisionForm(),
            **kwargs,
        )


class ReferralRecordView(RecordView):
    """A referral with the ranked suggestions and the reasons for each."""

    model = Referral
    template_name = "befriending/admin/referral.html"
    select_related = ("parent", "referred_by")
    audit_code = "befriending.referral.viewed"

    def get_page_title(self) -> str:
        return f"Referral: {self.object.parent}"

    def get_context_data(self, **kwargs):
        referral = self.object
        waiting = referral.status == ReferralStatus.WAITING
        return super().get_context_data(
            referral=referral,
            suggestions=suggest_befrienders(referral) if waiting else [],
            matches=referral.matches.select_related("befriender"),
            ReferralStatus=ReferralStatus,
            **kwargs,
        )


class MatchRecordView(RecordView):
    """A match with its reviews, contact logs and concerns, and the forms that move it on."""

    model = Match
    template_name = "befriending/admin/match.html"
    select_related = ("befriender", "parent__user__contact_rules", "referral")
    audit_code = "befriending.match.viewed"

    def get_context_data(self, **kwargs):
        match = self.object
        reviews = list(match.reviews.select_related("completed_by"))
        for review in reviews:
            # One form per review still to hold, each with its own field ids.
            review.form = forms.ReviewForm(
                auto_id=f"id_review{review.pk}_%s", initial={"completed_on": timezone.localdate()}
            )
        return super().get_context_data(
            match=match,
            parent_rules=ContactRules.for_user(match.parent.user),
            reviews=reviews,
            logs=match.contact_logs.all(),
            concerns=match.concerns.all(),
            introduction_form=forms.IntroductionForm(
                initial={"introduction_on": match.introduction_on}
            ),
            start_form=forms.StartMatchForm(),
            end_date_form=forms.PlannedEndForm(
                match=match, initial={"planned_end_on": match.planned_end_on}
            ),
            arrangements_form=forms.ArrangementsForm(
                initial={
                    "how_often": match.how_often,
                    "contact_method": match.contact_method,
                    "where": match.where,
                }
            ),
            MatchStatus=MatchStatus,
            **kwargs,
        )


class ContactLogRecordView(RecordView):
    model = ContactLog
    template_name = "befriending/admin/contact_log.html"
    select_related = ("match__befriender",)
    audit_code = "befriending.contact_log.viewed"

    def get_context_data(self, **kwargs):
        return super().get_context_data(log=self.object, **kwargs)


class ConcernRecordView(RecordView):
    model = Concern
    template_name = "befriending/admin/concern.html"
    select_related = ("befriender", "match__parent", "contact_log", "handled_by")
    audit_code = "befriending.concern.viewed"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            concern=self.object, form=forms.ConcernOutcomeForm(), **kwargs
        )
