"""Actions on participation records. Each runs in one transaction and writes an audit entry.

Every function takes keyword-only arguments and the acting user as `by`. A refusal raises
ParticipationError with a message in plain words, and changes nothing.
"""

from datetime import date, datetime, timedelta
from uuid import UUID

from django.db import transaction
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone

from pace_site.accounts.roles import Role
from pace_site.audit.services import record
from pace_site.notifications.services import Category, notify, notify_role
from pace_site.services import ServiceError
from pace_site.submissions.services import claim

from .models import (
    LIVE_STATUSES,
    ActivityType,
    Channel,
    CheckIn,
    CheckInKind,
    Consent,
    ConsentPurpose,
    Opportunity,
    OpportunityStatus,
    Parent,
    ParentStatus,
    Pause,
    PauseStartedBy,
    SignUp,
    SignUpStatus,
    Way,
    WithdrawnHow,
)
from .signals import consent_withdrawn

DEBRIEF_WORKING_DAYS = 2


class ParticipationError(ServiceError):
    """An action that cannot be done; the message says why in plain words."""


def add_working_days(start: date, days: int) -> date:
    """`days` working days (Monday to Friday) after `start`. Bank holidays are not counted out."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def _lock_parent(parent: Parent) -> Parent:
    return Parent.objects.select_for_update().get(pk=parent.pk)


def refresh_check_in_due(parent: Parent) -> date | None:
    """Recompute the parent's earliest check-in due: the next regular one or an open debrief."""
    last = parent.check_ins.order_by("-happened_at").first()
    if last and last.next_due_on:
        regular = last.next_due_on
    elif last:
        regular = timezone.localdate(last.happened_at) + timedelta(
            weeks=parent.check_in_every_weeks
        )
    else:
        regular = parent.joined_on + timedelta(weeks=parent.check_in_every_weeks)
    debrief = (
        SignUp.objects.for_parent(parent).debrief_open().aggregate(d=Min("debrief_due_on"))["d"]
    )
    due = min(d for d in (regular, debrief) if d is not None)
    Parent.objects.filter(pk=parent.pk).update(check_in_due_on=due)
    parent.check_in_due_on = due
    return due


# -- the parent's own settings -----------------------------------------------------------------


def update_interests(
    parent: Parent,
    *,
    interests: list[ActivityType],
    ways_accepted: list[str],
    will_not_do: list[str],
    by,
) -> Parent:
    """Save which activities a parent opts in to and their boundaries."""
    with transaction.atomic():
        parent = _lock_parent(parent)
        parent.ways_accepted = sorted(set(ways_accepted))
        parent.will_not_do = sorted(set(will_not_do))
        parent.save(update_fields=["ways_accepted", "will_not_do"])
        parent.interests.set(interests)
        record("participation.parent.interests_changed", parent, by=by)
    return parent


def save_parent(
    parent: Parent, *, interests: list[ActivityType], linking_account: bool, by
) -> Parent:
    """Save a parent's record from the staff form (new or changed). Someone joining the core
    group has their first check-in due one cadence after they joined; linking the record to
    the parent's account is audited."""
    with transaction.atomic():
        if parent.check_in_due_on is None:
            # Parent rows made by other apps (befriending referrals) keep no cadence until a
            # manager saves them here.
            parent.check_in_due_on = parent.joined_on + timedelta(weeks=parent.check_in_every_weeks)
        parent.save()
        parent.interests.set(interests)
        if linking_account and parent.user_id is not None:
            record("participation.parent.account_linked", parent, by=by)
    return parent


def add_private_date(parent: Parent, *, on: date, note: str, by) -> Parent:
    """Add a date to avoid (court date, anniversary). Encrypted; staff and the parent only."""
    with transaction.atomic():
        parent = _lock_parent(parent)
        items = parent.private_date_list
        if any(item["on"] == on for item in items):
            raise ParticipationError("That date is already on your list.")
        if len(items) >= 50:
            raise ParticipationError("You can keep up to 50 dates. Please remove an old one first.")
        parent.set_private_dates([*items, {"on": on, "note": note}])
        parent.save(update_fields=["private_dates"])
        record("participation.parent.private_date_added", parent, by=by, data={"on": on})
    return parent


def remove_private_date(parent: Parent, *, on: date, by) -> Parent:
    with transaction.atomic():
        parent = _lock_parent(parent)
        items = parent.private_date_list
        kept = [item for item in items if item["on"] != on]
        if len(kept) == len(items):
            raise ParticipationError("That date was not on your list.")
        parent.set_private_dates(kept)
        parent.save(update_fields=["private_dates"])
        record("participation.parent.private_date_removed", parent, by=by, data={"on": on})
    return parent


# -- opportunities -----------------------------------------------------------------------------


def publish_opportunity(opportunity: Opportunity, *, by) -> list[Parent]:
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
                category=Category.OFFER,
            )
        record(
            "participation.opportunity.published",
            opportunity,
            by=by,
            data={"offered_to": len(offered)},
        )
    return offered


def offer_to(parent: Parent, opportunity: Opportunity, *, by) -> None:
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
            category=Category.OFFER,
        )
        record("participation.opportunity.offered", opportunity, by=by, data={"parent": parent.pk})


def mark_left(parent: Parent, *, by) -> Parent:
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
    from django.conf import settings
    from django.urls import reverse

    return settings.SITE_URL.rstrip("/") + reverse(
        "participation:opportunity", kwargs={"pk": opportunity.pk}
    )


def set_opportunity_status(opportunity: Opportunity, *, status: str, by) -> Opportunity:
    """Close to sign-ups, mark done, or cancel. Cancelling tells everyone still signed up."""
    allowed = {
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
                    category=Category.LOGISTICS,
                )
        record(
            "participation.opportunity.status_changed", opportunity, by=by, data={"status": status}
        )
    return opportunity


# -- sign-ups ----------------------------------------------------------------------------------


def sign_up(
    *,
    parent: Parent,
    opportunity: Opportunity,
    way: str,
    message: str = "",
    access_needs: str = "",
    by,
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
        if way not in Way.values:
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


def withdraw_sign_up(signup: SignUp, *, by) -> SignUp:
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
                category=Category.ALERT,
            )
        record("participation.sign_up.withdrawn", signup, by=by)
    return signup


def confirm_sign_up(
    signup: SignUp,
    *,
    by,
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
            raise ParticipationError(
                "All the places are taken. Put this parent on the waiting list."
            )
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
        if opportunity.activity_type.needs_readiness:
            if readiness_check_in is None:
                readiness_check_in = CheckIn.objects.recent_readiness(parent).first()
            elif (
                not CheckIn.objects.recent_readiness(parent)
                .filter(pk=readiness_check_in.pk)
                .exists()
            ):
                readiness_check_in = None
            if readiness_check_in is None:
                raise ParticipationError(
                    "Record a short readiness check-in first (or use one from the last two weeks)."
                )
            signup.readiness_check_in = readiness_check_in
        signup.status = SignUpStatus.CONFIRMED
        signup.decided_by, signup.decided_at = by, timezone.now()
        signup.save(update_fields=["status", "decided_by", "decided_at", "readiness_check_in"])
        notify(
            parent.user,
            "participation/confirmed",
            context={"parent": parent, "opportunity": opportunity, "signup": signup},
            link=opportunity_portal_url(opportunity),
            category=Category.LOGISTICS,
        )
        record("participation.sign_up.confirmed", signup, by=by)
    return signup


def confirm_with_readiness(
    signup: SignUp,
    *,
    by,
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


def decide_sign_up(signup: SignUp, *, decision: str, by) -> SignUp:
    """Waitlist or decline (kindly), or record whether a confirmed parent took part."""
    allowed = {
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
                category=Category.LOGISTICS,
            )
        if decision in (SignUpStatus.TOOK_PART, SignUpStatus.DID_NOT_TAKE_PART):
            refresh_check_in_due(signup.parent)
        record("participation.sign_up.decided", signup, by=by, data={"decision": decision})
    return signup


# -- pauses ------------------------------------------------------------------------------------


def pause_parent(
    parent: Parent, *, by, by_parent: bool, until: date | None = None, reason: str = ""
) -> Pause:
    """Start a pause: no offers, hidden from invitation lists, sign-ups held for the manager."""
    today = timezone.localdate()
    if until is not None and until < today:
        raise ParticipationError("The return date cannot be before today.")
    if until is not None and until > today + timedelta(days=730):
        raise ParticipationError("Please choose a return date within the next two years.")
    with transaction.atomic():
        parent = _lock_parent(parent)
        if parent.status == ParentStatus.PAUSED:
            raise ParticipationError(
                "You are already taking a break." if by_parent else f"{parent} is already paused."
            )
        if parent.status == ParentStatus.LEFT:
            raise ParticipationError(f"{parent} has left the programme.")
        pause = Pause.objects.create(
            parent=parent,
            started_on=today,
            planned_end_on=until,
            started_by=PauseStartedBy.PARENT if by_parent else PauseStartedBy.MANAGER,
            recorded_by=by,
            reason=reason,
        )
        parent.status = ParentStatus.PAUSED
        parent.save(update_fields=["status"])
        commitments = list(
            SignUp.objects.for_parent(parent).upcoming_commitments().select_related("opportunity")
        )
        if by_parent or commitments:
            notify_role(
                Role.PARTICIPATION_MANAGER,
                "participation/paused",
                context={
                    "parent": parent,
                    "pause": pause,
                    "by_parent": by_parent,
                    "commitments": commitments,
                },
                category=Category.ALERT,
            )
        if not by_parent:
            notify(
                parent.user,
                "participation/paused_for_you",
                context={"parent": parent, "pause": pause},
                category=Category.LOGISTICS,
            )
        record("participation.parent.paused", pause, by=by, data={"started_by": pause.started_by})
    return pause


def ask_to_come_back(parent: Parent, *, by) -> Pause:
    """The parent says they are ready to come back. The managers are told at once (a request for
    a call); the parent stays paused until a manager has checked in and resumed them. Asking
    again while a request is open changes nothing and tells nobody twice."""
    with transaction.atomic():
        parent = _lock_parent(parent)
        pause = Pause.objects.open().filter(parent=parent).first()
        if pause is None or parent.status != ParentStatus.PAUSED:
            raise ParticipationError("You are not taking a break at the moment.")
        if pause.return_requested_at is not None:
            return pause
        pause.return_requested_at = timezone.now()
        pause.save(update_fields=["return_requested_at"])
        notify_role(
            Role.PARTICIPATION_MANAGER,
            "participation/return_requested",
            context={"parent": parent},
            link=reverse("participation_parents:inspect", args=[parent.pk]),
            category=Category.ALERT,
            urgent=True,
        )
        record("participation.parent.return_requested", pause, by=by)
    return pause


def resume_parent(parent: Parent, *, by, by_parent: bool) -> Pause:
    """End the open pause. A parent coming back is never silent: the manager is told."""
    with transaction.atomic():
        parent = _lock_parent(parent)
        pause = Pause.objects.open().filter(parent=parent).first()
        if pause is None or parent.status != ParentStatus.PAUSED:
            raise ParticipationError(
                "You are not taking a break at the moment."
                if by_parent
                else f"{parent} is not paused."
            )
        pause.ended_at, pause.ended_by = timezone.now(), by
        pause.save(update_fields=["ended_at", "ended_by"])
        parent.status = ParentStatus.ACTIVE
        parent.save(update_fields=["status"])
        if by_parent:
            notify_role(
                Role.PARTICIPATION_MANAGER,
                "participation/resumed",
                context={"parent": parent, "pause": pause},
                category=Category.ALERT,
            )
        record("participation.parent.resumed", pause, by=by, data={"by_parent": by_parent})
    return pause


# -- check-ins ---------------------------------------------------------------------------------


def log_check_in(
    parent: Parent,
    *,
    by,
    channel: str,
    wellbeing: int,
    kind: str = CheckInKind.REGULAR,
    happened_at: datetime | None = None,
    words: str = "",
    notes: str = "",
    support_wanted: str = "",
    follow_up: str = "",
    next_due_on: date | None = None,
) -> CheckIn:
    """The manager records a check-in. A debrief closes the parent's open debriefs."""
    if not 1 <= int(wellbeing) <= 5:
        raise ParticipationError("How they are doing must be a number from 1 to 5.")
    happened_at = happened_at or timezone.now()
    if happened_at > timezone.now() + timedelta(minutes=5):
        raise ParticipationError("A check-in cannot be in the future.")
    with transaction.atomic():
        parent = _lock_parent(parent)
        if next_due_on is None:
            next_due_on = timezone.localdate(happened_at) + timedelta(
                weeks=parent.check_in_every_weeks
            )
        if next_due_on < timezone.localdate(happened_at):
            raise ParticipationError("The next check-in cannot be due before this one.")
        check_in = CheckIn.objects.create(
            parent=parent,
            happened_at=happened_at,
            channel=channel,
            kind=kind,
            by=by,
            wellbeing=wellbeing,
            words=words,
            notes=notes,
            support_wanted=support_wanted,
            follow_up=follow_up,
            next_due_on=next_due_on,
        )
        if kind == CheckInKind.DEBRIEF:
            SignUp.objects.for_parent(parent).debrief_open().update(debrief_done_at=happened_at)
        refresh_check_in_due(parent)
        record("participation.check_in.logged", check_in, by=by, data={"kind": kind})
    return check_in


def self_check_in(
    parent: Parent,
    *,
    wellbeing: int,
    words: str = "",
    support_wanted: str = "",
    wants_call: bool,
    by,
    submission_key: UUID | None = None,
) -> CheckIn:
    """ "How are you doing?" from the parent. Asking for a call alerts the managers at once.
    The same form sent twice (a double click, a resend) raises DuplicateSubmission and saves
    nothing more."""
    if not 1 <= int(wellbeing) <= 5:
        raise ParticipationError("Please choose a number from 1 to 5.")
    with transaction.atomic():
        claim(submission_key, by=by)
        parent = _lock_parent(parent)
        check_in = CheckIn.objects.create(
            parent=parent,
            channel=Channel.SELF_UPDATE,
            kind=CheckInKind.REGULAR,
            by=by,
            wellbeing=wellbeing,
            words=words,
            support_wanted=support_wanted,
            wants_call=wants_call,
            # A parent's own update does not replace the manager's regular check-in.
            next_due_on=parent.check_in_due_on,
        )
        if wants_call:
            notify_role(
                Role.PARTICIPATION_MANAGER,
                "participation/call_requested",
                context={"parent": parent, "check_in": check_in},
                category=Category.ALERT,
                urgent=True,
            )
        record(
            "participation.check_in.self_reported",
            check_in,
            by=by,
            data={"wants_call": bool(wants_call)},
        )
    return check_in


def complete_follow_up(check_in: CheckIn, *, by, note: str = "") -> CheckIn:
    """Mark a requested call or follow-up as done."""
    with transaction.atomic():
        check_in = CheckIn.objects.select_for_update().get(pk=check_in.pk)
        if check_in.follow_up_done_at is not None:
            raise ParticipationError("This follow-up was already marked as done.")
        check_in.follow_up_done_at = timezone.now()
        if note:
            check_in.follow_up = (check_in.follow_up + "\n" + note).strip()
        check_in.save(update_fields=["follow_up_done_at", "follow_up"])
        record("participation.check_in.follow_up_done", check_in, by=by)
    return check_in


# -- consent -----------------------------------------------------------------------------------


def give_consent(parent: Parent, *, purpose: str, detail: str = "", by) -> Consent:
    """Record a permission. One active consent per purpose and detail."""
    if purpose not in ConsentPurpose.values:
        raise ParticipationError("Please choose what you are giving permission for.")
    with transaction.atomic():
        parent = _lock_parent(parent)
        if parent.consents.active().filter(purpose=purpose, detail=detail).exists():
            raise ParticipationError("You have already given this permission.")
        consent = Consent.objects.create(
            parent=parent, purpose=purpose, detail=detail, recorded_by=by
        )
        record("participation.consent.given", consent, by=by, data={"purpose": purpose})
    return consent


# Why an opportunity needs a permission, as the manager reads it when confirming.
NEEDS_BECAUSE = {
    ConsentPurpose.PHOTOS: "This will be recorded or filmed",
    ConsentPurpose.RESEARCH: "This is research",
    ConsentPurpose.STORY: "This publishes a story",
    ConsentPurpose.SHARING: "This shares information with a partner",
    ConsentPurpose.NEWSLETTER: "This is for the newsletter",
}

# What the participation manager must still do by hand when a permission is taken back (what
# the system can stop, it has already stopped in the same transaction).
AFTER_WITHDRAWAL = {
    ConsentPurpose.STORY: "Their story has been taken off the website and the editors told.",
    ConsentPurpose.PHOTOS: (
        "Do not use photos or film of them from now on. Ask anyone holding some (partners, the "
        "press) to stop using them."
    ),
    ConsentPurpose.SHARING: (
        "Tell the partner named below, today, to stop using what we shared and that we will "
        "share nothing more."
    ),
    ConsentPurpose.NEWSLETTER: (
        "Take them off the newsletter mailing list before the next issue goes out."
    ),
    ConsentPurpose.RESEARCH: (
        "Tell the research team named below that they have withdrawn, so that their answers "
        "are not used."
    ),
}


def withdraw_consent(consent: Consent, *, by, how: str) -> Consent:
    """Withdraw a consent now, recording who and how. Everything that relied on it stops in
    the same transaction: confirmed places on what is still to come and needs it are given up
    (the parent is told kindly), other apps stop their part (`consent_withdrawn` listeners: the
    story comes off the site, photo ticks for coming events are cleared), and the managers are
    told what is left for them to do by hand. If any of that fails, nothing is withdrawn."""
    if how not in WithdrawnHow.values:
        raise ParticipationError("Please say how they told you.")
    with transaction.atomic():
        consent = (
            Consent.objects.select_for_update(of=("self",))
            .select_related("parent__user")
            .get(pk=consent.pk)
        )
        if consent.withdrawn_at is not None:
            raise ParticipationError("This permission was already withdrawn.")
        parent = consent.parent
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = by
        consent.withdrawn_how = how
        consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_how"])
        record("participation.consent.withdrawn", consent, by=by, data={"how": how})
        given_up = _give_up_places_needing(consent)
        consent_withdrawn.send(sender=Consent, consent=consent, by=by)
        if given_up:
            notify(
                parent.user,
                "participation/places_given_up",
                context={"parent": parent, "consent": consent, "signups": given_up},
                category=Category.LOGISTICS,
            )
        notify_role(
            Role.PARTICIPATION_MANAGER,
            "participation/consent_withdrawn",
            context={
                "parent": parent,
                "consent": consent,
                "signups": given_up,
                "to_do": AFTER_WITHDRAWAL[consent.purpose],
            },
            link=reverse("participation_parents:inspect", args=[parent.pk]),
            category=Category.ALERT,
            urgent=consent.purpose in (ConsentPurpose.STORY, ConsentPurpose.SHARING),
        )
    return consent


def _give_up_places_needing(consent: Consent) -> list[SignUp]:
    """The parent's confirmed places on opportunities still to come that need this permission,
    given up now: they cannot be confirmed without it, so they cannot stay confirmed."""
    today = timezone.localdate()
    candidates = (
        SignUp.objects.select_for_update(of=("self",))
        .select_related("opportunity__activity_type")
        .filter(parent=consent.parent, status=SignUpStatus.CONFIRMED)
        .order_by("pk")
    )
    given_up = []
    for signup in candidates:
        opportunity = signup.opportunity
        happened = opportunity.key_date is not None and opportunity.key_date < today
        if happened or consent.purpose not in opportunity.consents_needed:
            continue
        if consent.parent.has_consent(consent.purpose):
            continue  # another permission for the same purpose still covers it
        signup.status = SignUpStatus.WITHDRAWN
        signup.save(update_fields=["status"])
        record(
            "participation.sign_up.given_up_with_consent",
            signup,
            by=None,
            data={"purpose": consent.purpose},
        )
        given_up.append(signup)
    return given_up
