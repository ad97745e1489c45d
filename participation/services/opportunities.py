"""Publishing and offering opportunities, and moving them on."""

from django.db import transaction
from django.utils import timezone

from pace_site.accounts.models import User
from pace_site.audit.services import record
from pace_site.links import absolute_url
from pace_site.notifications.models import MessageCategory
from pace_site.notifications.services import notify

from ..models import (
    LIVE_STATUSES,
    ActivityType,
    Opportunity,
    OpportunityStatus,
    Parent,
    ParentStatus,
    Pause,
    PaymentRate,
    SignUp,
    SignUpStatus,
)
from .common import ParticipationError, _lock_parent


def save_opportunity(opportunity: Opportunity, *, by: User) -> Opportunity:
    """Save an opportunity from the staff form (new, copied or changed); a new one records who
    made it."""
    with transaction.atomic():
        created = opportunity.pk is None
        if created and opportunity.created_by_id is None:
            opportunity.created_by = by
        opportunity.save()
        if created:
            record("participation.opportunity.created", opportunity, by=by)
        else:
            record("participation.opportunity.changed", opportunity, by=by)
    return opportunity


def save_activity_type(activity_type: ActivityType, *, by: User) -> ActivityType:
    """Save a kind of activity from the staff form (new or changed)."""
    with transaction.atomic():
        created = activity_type.pk is None
        activity_type.save()
        if created:
            record("participation.activity_type.created", activity_type, by=by)
        else:
            record("participation.activity_type.changed", activity_type, by=by)
    return activity_type


def save_payment_rate(rate: PaymentRate, *, by: User) -> PaymentRate:
    """Save what an activity type of a given length pays from a date (new or changed)."""
    with transaction.atomic():
        created = rate.pk is None
        if created:
            rate.created_by = by
        rate.save()
        record(
            "participation.payment_rate.saved",
            rate,
            by=by,
            data={"amount_pence": rate.amount_pence, "created": created},
        )
    return rate


def publish_opportunity(opportunity: Opportunity, *, by: User) -> list[Parent]:
    """Open a draft for sign-ups and offer it to active parents whose interests and boundaries
    fit. Offers go through notifications, so contact rules and the pause policy apply."""
    with transaction.atomic():
        opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        if opportunity.status != OpportunityStatus.DRAFT:
            raise ParticipationError("Only a draft can be published; this one already was.")
        if opportunity.respond_by and opportunity.respond_by < timezone.now():
            raise ParticipationError("The deadline to say yes has passed. Change it first.")
        opportunity.status = OpportunityStatus.OPEN
        opportunity.published_at = timezone.now()
        opportunity.save(update_fields=["status", "published_at"])
        offered = who_to_invite(opportunity)
        for parent in offered:
            notify(
                parent.user,
                "participation/offer",
                context={"parent": parent, "opportunity": opportunity},
                link=opportunity_portal_url(opportunity),
                category=MessageCategory.OFFER,
            )
        record(
            "participation.opportunity.published",
            opportunity,
            by=by,
            data={"offered_to": len(offered)},
        )
    return offered


def offer_to(opportunity: Opportunity, *, parent: Parent, by: User) -> None:
    """Offer an open opportunity to one more parent from the "who to invite" list."""
    with transaction.atomic():
        opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        if not opportunity.is_accepting_sign_ups:
            raise ParticipationError("This opportunity is not open for sign-ups.")
        if parent not in who_to_invite(opportunity):
            raise ParticipationError(
                f"{parent} is not someone to invite for this (paused, signed up already, or it "
                "does not fit their interests, boundaries or private dates)."
            )
        notify(
            parent.user,
            "participation/offer",
            context={"parent": parent, "opportunity": opportunity},
            link=opportunity_portal_url(opportunity),
            category=MessageCategory.OFFER,
        )
        record("participation.opportunity.offered", opportunity, by=by, data={"parent": parent.pk})


def mark_left(parent: Parent, *, by: User) -> Parent:
    """Record that a parent has left the programme. An open pause ends; live sign-ups are
    withdrawn; they get no more offers."""
    with transaction.atomic():
        parent = _lock_parent(parent)
        if parent.status == ParentStatus.LEFT:
            raise ParticipationError(f"{parent} has already left the programme.")
        Pause.objects.open().filter(parent=parent).update(ended_at=timezone.now(), ended_by=by)
        SignUp.objects.for_parent(parent).live().update(status=SignUpStatus.WITHDRAWN)
        parent.status = ParentStatus.LEFT
        parent.save(update_fields=["status"])
        record("participation.parent.left", parent, by=by)
    return parent


def who_to_invite(opportunity: Opportunity) -> list[Parent]:
    """Active parents who opted in to this kind of activity, whose boundaries fit, and who have
    not signed up yet. Paused parents never appear."""
    candidates = (
        Parent.objects.active()
        .interested_in(opportunity.activity_type)
        .exclude(sign_ups__opportunity=opportunity)
        .select_related("user")
        .order_by("preferred_name", "pk")
    )
    return [parent for parent in candidates if parent.accepts(opportunity)]


def opportunity_portal_url(opportunity: Opportunity) -> str:
    """The opportunity's page in the parent's portal, as a full address for messages."""
    return absolute_url("participation:opportunity", opportunity.pk)


def set_opportunity_status(opportunity: Opportunity, *, status: str, by: User) -> Opportunity:
    """Close to sign-ups, mark done, or cancel. Cancelling tells everyone still signed up."""
    allowed: dict[str, set[str]] = {
        OpportunityStatus.CLOSED: {OpportunityStatus.OPEN},
        OpportunityStatus.OPEN: {OpportunityStatus.CLOSED},
        OpportunityStatus.DONE: {OpportunityStatus.OPEN, OpportunityStatus.CLOSED},
        OpportunityStatus.CANCELLED: {
            OpportunityStatus.DRAFT,
            OpportunityStatus.OPEN,
            OpportunityStatus.CLOSED,
        },
    }
    if status not in allowed:
        raise ParticipationError("That is not a change an opportunity can make.")
    with transaction.atomic():
        opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        if opportunity.status not in allowed[status]:
            raise ParticipationError(
                f"An opportunity that is {opportunity.get_status_display()} cannot be "
                f"{OpportunityStatus(status).label}."
            )
        opportunity.status = status
        opportunity.save(update_fields=["status"])
        if status == OpportunityStatus.CANCELLED:
            live = opportunity.sign_ups.filter(status__in=LIVE_STATUSES).select_related(
                "parent__user"
            )
            for sign_up in live:
                notify(
                    sign_up.parent.user,
                    "participation/cancelled",
                    context={"parent": sign_up.parent, "opportunity": opportunity},
                    category=MessageCategory.LOGISTICS,
                )
        record(
            "participation.opportunity.status_changed", opportunity, by=by, data={"status": status}
        )
    return opportunity
