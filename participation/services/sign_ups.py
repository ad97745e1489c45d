"""Sign-ups: a parent saying they are interested, and the manager deciding."""

from django.db import transaction
from django.utils import timezone

from pace_site.accounts.models import User
from pace_site.accounts.roles import Role
from pace_site.audit.services import record
from pace_site.notifications.models import MessageCategory
from pace_site.notifications.services import notify, notify_role

from ..models import (
    LIVE_STATUSES,
    Channel,
    CheckIn,
    CheckInKind,
    ConsentPurpose,
    Opportunity,
    OpportunityStatus,
    Parent,
    ParentStatus,
    SignUp,
    SignUpStatus,
    TakingPartWay,
)
from ..payments import offer_for_sign_up, withdraw_for_sign_up
from .check_ins import log_check_in
from .common import (
    DEBRIEF_WORKING_DAYS,
    ParticipationError,
    _lock_parent,
    add_working_days,
    refresh_check_in_due,
)
from .consent import NEEDS_BECAUSE
from .opportunities import opportunity_portal_url


def sign_up(
    parent: Parent,
    *,
    opportunity: Opportunity,
    way: str,
    message: str = "",
    access_needs: str = "",
    by: User,
) -> SignUp:
    """A parent says "I'm interested". One live sign-up per parent and opportunity."""
    with transaction.atomic():
        parent = _lock_parent(parent)
        opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        if parent.status != ParentStatus.ACTIVE:
            raise ParticipationError(
                "You are taking a break at the moment. Come back first, then you can sign up."
            )
        if opportunity.status == OpportunityStatus.CANCELLED:
            raise ParticipationError("Sorry, this has been cancelled.")
        if not opportunity.is_accepting_sign_ups:
            raise ParticipationError("Sorry, this is closed to new sign-ups now.")
        if opportunity.ways and way not in opportunity.ways:
            raise ParticipationError("Please choose one of the ways of taking part offered.")
        if way not in TakingPartWay.values:
            raise ParticipationError("Please choose how you would like to take part.")
        taken = Opportunity.objects.with_places_taken().get(pk=opportunity.pk).places_taken
        if taken >= opportunity.places:
            raise ParticipationError("Sorry, all the places have been taken.")
        existing = SignUp.objects.filter(parent=parent, opportunity=opportunity).first()
        if existing and existing.status != SignUpStatus.WITHDRAWN:
            raise ParticipationError("You have already said you are interested in this.")
        if existing:  # they withdrew earlier and changed their mind again
            existing.status = SignUpStatus.INTERESTED
            existing.way, existing.message, existing.access_needs = way, message, access_needs
            existing.decided_by = existing.decided_at = None
            existing.save()
            signup = existing
        else:
            signup = SignUp.objects.create(
                parent=parent,
                opportunity=opportunity,
                way=way,
                message=message,
                access_needs=access_needs,
            )
        record("participation.sign_up.created", signup, by=by)
    return signup


def withdraw_sign_up(signup: SignUp, *, by: User) -> SignUp:
    """ "I can't do it after all": no reason needed. The manager hears if a place is freed."""
    with transaction.atomic():
        signup = (
            SignUp.objects.select_for_update(of=("self",))
            .select_related("opportunity")
            .get(pk=signup.pk)
        )
        if signup.status not in LIVE_STATUSES:
            raise ParticipationError("This sign-up is no longer open, so there is nothing to undo.")
        was_confirmed = signup.status == SignUpStatus.CONFIRMED
        signup.status = SignUpStatus.WITHDRAWN
        signup.save(update_fields=["status"])
        if was_confirmed:
            notify_role(
                Role.PARTICIPATION_MANAGER,
                "participation/withdrawn",
                context={"signup": signup, "opportunity": signup.opportunity},
                category=MessageCategory.ALERT,
            )
        record("participation.sign_up.withdrawn", signup, by=by)
    return signup


def _check_can_confirm(
    signup: SignUp, opportunity: Opportunity, private_date_acknowledged: bool
) -> None:
    """Refuse a confirmation that the sign-up, the opportunity or the parent rules out."""
    parent = signup.parent
    if signup.status not in (SignUpStatus.INTERESTED, SignUpStatus.WAITLISTED):
        raise ParticipationError(
            f"This sign-up is {signup.get_status_display()}; only one that is waiting can be "
            "confirmed."
        )
    if opportunity.status not in (OpportunityStatus.OPEN, OpportunityStatus.CLOSED):
        raise ParticipationError("This opportunity is not running, so nobody can be confirmed.")
    if parent.status != ParentStatus.ACTIVE:
        raise ParticipationError(
            f"{parent} is taking a break. Check in with them and resume them first."
        )
    taken = Opportunity.objects.with_places_taken().get(pk=opportunity.pk).places_taken
    if taken >= opportunity.places:
        raise ParticipationError("All the places are taken. Put this parent on the waiting list.")
    for purpose in opportunity.consents_needed:
        if not parent.has_consent(purpose):
            raise ParticipationError(
                f"{NEEDS_BECAUSE[purpose]} and {parent} has not given (or has withdrawn) "
                f"permission for {ConsentPurpose(purpose).label}."
            )
    if parent.private_date_near(opportunity.key_date) and not private_date_acknowledged:
        raise ParticipationError(
            f"This is close to one of {parent}'s private dates. Talk it through with them, "
            "then tick the box to confirm."
        )


def _readiness_for(parent: Parent, chosen: CheckIn | None) -> CheckIn:
    """The readiness check-in a confirmation rests on: the chosen one if it is recent, or the
    latest recent one; refused if there is none."""
    recent = CheckIn.objects.recent_readiness(parent)
    if chosen is None:
        chosen = recent.first()
    elif not recent.filter(pk=chosen.pk).exists():
        chosen = None
    if chosen is None:
        raise ParticipationError(
            "Record a short readiness check-in first (or use one from the last two weeks)."
        )
    return chosen


def confirm_sign_up(
    signup: SignUp,
    *,
    by: User,
    readiness_check_in: CheckIn | None = None,
    private_date_acknowledged: bool = False,
) -> SignUp:
    """Confirm a sign-up within the number of places. The opportunity row is locked, so the last
    place goes to exactly one parent however many confirmations race.

    For activities that need it, a readiness check-in from the last two weeks is required; a
    private date near the opportunity must be acknowledged."""
    with transaction.atomic():
        opportunity = Opportunity.objects.select_for_update().get(pk=signup.opportunity_id)
        signup = (
            SignUp.objects.select_for_update(of=("self",))
            .select_related("parent__user", "opportunity__activity_type")
            .get(pk=signup.pk)
        )
        parent = signup.parent
        _check_can_confirm(signup, opportunity, private_date_acknowledged)
        if opportunity.activity_type.needs_readiness:
            signup.readiness_check_in = _readiness_for(parent, readiness_check_in)
        signup.status = SignUpStatus.CONFIRMED
        signup.decided_by, signup.decided_at = by, timezone.now()
        signup.save(update_fields=["status", "decided_by", "decided_at", "readiness_check_in"])
        notify(
            parent.user,
            "participation/confirmed",
            context={"parent": parent, "opportunity": opportunity, "signup": signup},
            link=opportunity_portal_url(opportunity),
            category=MessageCategory.LOGISTICS,
        )
        record("participation.sign_up.confirmed", signup, by=by)
    return signup


def confirm_with_readiness(
    signup: SignUp,
    *,
    by: User,
    use_check_in: int | None = None,
    wellbeing: int | None = None,
    notes: str = "",
    private_date_acknowledged: bool = False,
) -> SignUp:
    """Confirm a sign-up from the manager's form. Where the activity needs a readiness
    check-in, the chosen recent one is used, or a new one is recorded (by phone); the new one
    stands only if the sign-up is confirmed."""
    with transaction.atomic():
        readiness = None
        if signup.opportunity.activity_type.needs_readiness:
            if use_check_in:
                readiness = (
                    CheckIn.objects.recent_readiness(signup.parent).filter(pk=use_check_in).first()
                )
            if readiness is None:
                if wellbeing is None:
                    raise ParticipationError("Please say how they are doing before confirming.")
                readiness = log_check_in(
                    signup.parent,
                    by=by,
                    channel=Channel.PHONE,
                    kind=CheckInKind.READINESS,
                    wellbeing=wellbeing,
                    notes=notes,
                )
        return confirm_sign_up(
            signup,
            by=by,
            readiness_check_in=readiness,
            private_date_acknowledged=private_date_acknowledged,
        )


def decide_sign_up(signup: SignUp, *, decision: str, by: User) -> SignUp:
    """Waitlist or decline (kindly), or record whether a confirmed parent took part."""
    allowed: dict[str, set[str]] = {
        SignUpStatus.WAITLISTED: {SignUpStatus.INTERESTED},
        SignUpStatus.DECLINED: {SignUpStatus.INTERESTED, SignUpStatus.WAITLISTED},
        SignUpStatus.TOOK_PART: {SignUpStatus.CONFIRMED, SignUpStatus.DID_NOT_TAKE_PART},
        SignUpStatus.DID_NOT_TAKE_PART: {SignUpStatus.CONFIRMED, SignUpStatus.TOOK_PART},
    }
    if decision not in allowed:
        raise ParticipationError("That is not a decision a sign-up can have.")
    with transaction.atomic():
        signup = (
            SignUp.objects.select_for_update(of=("self",))
            .select_related("parent__user", "opportunity")
            .get(pk=signup.pk)
        )
        if signup.status not in allowed[decision]:
            raise ParticipationError(
                f"This sign-up is {signup.get_status_display()}, so it cannot be marked "
                f"{SignUpStatus(decision).label}."
            )
        signup.status = decision
        signup.decided_by, signup.decided_at = by, timezone.now()
        if decision == SignUpStatus.TOOK_PART:
            happened = signup.opportunity.key_date or timezone.localdate()
            signup.debrief_due_on = add_working_days(
                max(happened, timezone.localdate()), DEBRIEF_WORKING_DAYS
            )
        elif decision == SignUpStatus.DID_NOT_TAKE_PART:
            signup.debrief_due_on = None
        signup.save()
        if decision in (SignUpStatus.WAITLISTED, SignUpStatus.DECLINED):
            notify(
                signup.parent.user,
                f"participation/{decision}",
                context={"parent": signup.parent, "opportunity": signup.opportunity},
                category=MessageCategory.LOGISTICS,
            )
        if decision in (SignUpStatus.TOOK_PART, SignUpStatus.DID_NOT_TAKE_PART):
            refresh_check_in_due(signup.parent)
        if decision == SignUpStatus.TOOK_PART:
            offer_for_sign_up(signup, vouched_by=by)
        elif decision == SignUpStatus.DID_NOT_TAKE_PART:
            withdraw_for_sign_up(signup, by=by)
        record("participation.sign_up.decided", signup, by=by, data={"decision": decision})
    return signup
