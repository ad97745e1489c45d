"""The record pages of the participation workspace: a parent's timeline, one check-in, one
pause, and an opportunity with its sign-ups. Each opening of a sensitive record is audited."""

from itertools import chain

from django.db.models import Count
from django.utils import timezone

from pace_site.workspace import RecordView

from .. import services
from ..forms import FollowUpForm
from ..models import CheckIn, Consent, OpportunityStatus, Pause, SignUp, SignUpStatus
from ..models.care import call_is_urgent


class ParentRecordView(RecordView):
    """One timeline per parent: sign-ups, check-ins, pauses and consents, newest first."""

    # Queries: parent + user; sign-ups + opportunities; check-ins + by; pauses; consents;
    # answers to follow up (with their questionnaire); the audit row (and its content type,
    # cached after the first).
    template_name = "participation/admin/timeline.html"
    audit_code = "participation.parent.timeline_viewed"
    select_related = ("user",)

    def get_page_subtitle(self) -> str:
        return self.object.get_status_display()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        parent = self.object
        events = timeline(parent)
        today = timezone.localdate()
        for event in events:
            event["overdue"] = is_overdue(event, today)
        debriefs = [
            e["item"].debrief_due_on
            for e in events
            if e["kind"] == "sign-up" and e["item"].debrief_due_on and not e["item"].debrief_done_at
        ]
        context.update(
            {
                "parent": parent,
                "events": events,
                "open_pause": next(
                    (e["item"] for e in events if e["kind"] == "pause" and e["item"].is_open),
                    None,
                ),
                "debrief_due": min(debriefs, default=None),
                "today": today,
                "check_in_overdue": parent.check_in_due_on is not None
                and parent.check_in_due_on < today,
                "private_dates": parent.private_date_list,
                "sharings": shared_about(parent),
                "follow_ups": follow_ups_about(parent),
            }
        )
        return context


def is_overdue(event: dict, today) -> bool:
    """A debrief past its day, or a call asked for and not made within CALL_URGENT_DAYS."""
    item = event["item"]
    if event["kind"] == "sign-up":
        return bool(
            item.debrief_due_on and not item.debrief_done_at and item.debrief_due_on < today
        )
    if event["kind"] == "check-in":
        return call_is_urgent(item, today)
    return False


def follow_ups_about(parent) -> list:
    """Answers to follow up (an answer that may need a call, or "ring me"), open ones first:
    private to the managers, never shown to the parent (one query)."""
    from pace_site.outcomes.models import FollowUp

    if parent.user_id is None:
        return []
    return list(
        FollowUp.objects.filter(person_id=parent.user_id).select_related(
            "invitation__questionnaire"
        )
    )


def shared_about(parent) -> list:
    """What was shared about the parent with partners, newest first (one query)."""
    from pace_site.privacy.models.sharing import Sharing

    if parent.user_id is None:
        return []
    return list(
        Sharing.objects.about(parent.user_id).only(
            "pk", "person_id", "partner_kind", "partner_name", "basis", "shared_on", "reviewed_at"
        )
    )


def timeline(parent) -> list[dict]:
    """The parent's sign-ups, check-ins, pauses and consents as one list, newest first."""
    sign_ups = SignUp.objects.for_parent(parent).select_related("opportunity", "decided_by")
    check_ins = CheckIn.objects.for_parent(parent).select_related("by")
    pauses = Pause.objects.for_parent(parent).select_related("recorded_by", "ended_by")
    consents = Consent.objects.for_parent(parent).select_related("recorded_by", "withdrawn_by")
    return sorted(
        chain(
            ({"kind": "sign-up", "at": s.created_at, "item": s} for s in sign_ups),
            ({"kind": "check-in", "at": c.happened_at, "item": c} for c in check_ins),
            ({"kind": "pause", "at": p.created_at, "item": p} for p in pauses),
            ({"kind": "consent", "at": c.given_at, "item": c} for c in consents),
        ),
        key=lambda event: event["at"],
        reverse=True,
    )


class CheckInRecordView(RecordView):
    """One check-in in full, with the follow-up form."""

    template_name = "participation/admin/check_in.html"
    audit_code = "participation.check_in.viewed"
    select_related = ("parent", "by")

    def get_context_data(self, **kwargs):
        return super().get_context_data(check_in=self.object, form=FollowUpForm(), **kwargs)


class PauseRecordView(RecordView):
    """One pause with its reason (staff only)."""

    template_name = "participation/admin/pause.html"
    audit_code = "participation.pause.viewed"
    select_related = ("parent", "recorded_by", "ended_by")

    def get_context_data(self, **kwargs):
        return super().get_context_data(pause=self.object, **kwargs)


class OpportunityRecordView(RecordView):
    """An opportunity with its sign-ups, places left and who to invite (never paused
    parents). Opening it is audited as a view of its sign-ups."""

    template_name = "participation/admin/opportunity.html"
    audit_code = "participation.sign_up_list.viewed"
    select_related = ("activity_type",)

    def get_queryset(self):
        return super().get_queryset().with_places_taken()

    def get_page_subtitle(self) -> str:
        return self.object.get_status_display()

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.sign_ups = list(
            self.object.sign_ups.select_related("parent", "decided_by").order_by("created_at", "pk")
        )

    def audit_data(self) -> dict:
        return {"rows": len(self.sign_ups)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        opportunity = self.object
        running = opportunity.status != OpportunityStatus.CANCELLED
        context.update(
            {
                "opportunity": opportunity,
                "sign_ups": self.sign_ups,
                "taken": opportunity.places_taken,
                "places_left": max(opportunity.places - opportunity.places_taken, 0),
                "invite": services.who_to_invite(opportunity) if running else [],
                "statuses": OpportunityStatus,
                # "You said, we did": what its contributions changed (one query).
                "changes": list(
                    opportunity.changes_made.annotate(told=Count("contributions")).order_by(
                        "-changed_on", "-pk"
                    )
                ),
                "has_contributions": any(s.status == SignUpStatus.TOOK_PART for s in self.sign_ups),
            }
        )
        return context
