"""Actions on befriending records. Each runs in one transaction, takes the acting user as `by`
and writes an audit entry whose summary never holds the sensitive text itself."""

import json
import logging
from datetime import date, timedelta
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from pace_site.accounts.models import User
from pace_site.accounts.roles import Role
from pace_site.audit.services import record
from pace_site.notifications.services import Category, notify_role
from pace_site.queueing import queue_or_leave_for_sweep
from pace_site.services import ServiceError
from pace_site.submissions.services import claim
from participation.models import Parent

from .models import (
    OPEN_MATCH_STATUSES,
    VETTING_ORDER,
    Befriender,
    BefrienderStatus,
    Concern,
    ConcernStatus,
    ContactLog,
    Match,
    MatchStatus,
    ReceivedApplication,
    Referral,
    ReferralStatus,
    Review,
    ReviewOutcome,
    SupervisionSession,
    TrainingRecord,
    match_length_error,
    review_schedule,
)


class BefriendingError(ServiceError):
    """An action that cannot be done now; the message says why in plain words."""


def _admin_url(name: str, *args) -> str:
    from django.conf import settings

    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


# ---------------------------------------------------------------------------------------------
# Applications and vetting

logger = logging.getLogger(__name__)

# A received application whose task has not run after this long is queued again by the sweep.
RECEIVED_APPLICATION_GRACE = timedelta(minutes=2)


def receive_application(*, details: dict, submission_key: UUID | None = None) -> None:
    """Take in a public application: store it as it arrived and queue the task that decides
    about it. The same two steps for every address, known or not, so the reply and its timing
    say nothing about who has an account or volunteers here. A form sent twice is taken once."""
    with transaction.atomic():
        claim(submission_key, by=None)
        received = ReceivedApplication.objects.create(details=json.dumps(details))
        transaction.on_commit(lambda: queue_received_application(received.pk))


def queue_received_application(received_id: int) -> None:
    """Queue the handling of one received application; if the broker is down, the sweep will."""
    from .tasks import handle_received_application

    queue_or_leave_for_sweep(handle_received_application, received_id, what="application")


def handle_received_application(received_id: int) -> Befriender | None:
    """Decide about one received application, in the background: a new applicant with their
    invitation, or nothing at all for an address already known. Safe twice; the row is gone
    once handled."""
    with transaction.atomic():
        received = (
            ReceivedApplication.objects.select_for_update(skip_locked=True)
            .filter(pk=received_id)
            .first()
        )
        if received is None:
            return None
        details = json.loads(received.details)
        received.delete()
        return apply_to_volunteer(**details)


def apply_to_volunteer(
    *,
    name: str,
    email: str,
    phone: str,
    region: str,
    languages: str,
    gender: str,
    availability: list[str],
    what_they_bring: str,
) -> Befriender | None:
    """Store a public application and invite the applicant to set a password.

    Returns None, and changes nothing, when the address already has an application under way,
    an account or an invitation waiting: the page says the same either way, so nobody learns who
    volunteers here, and a public form never touches an existing person or invitation."""
    from pace_site.accounts.models import Invitation
    from pace_site.accounts.services import invite

    email = email.strip().lower()
    with transaction.atomic():
        if (
            Befriender.objects.filter(email__iexact=email)
            .exclude(status__in=[BefrienderStatus.LEFT, BefrienderStatus.NOT_TAKEN_FORWARD])
            .exists()
            or User.objects.filter(email__iexact=email).exists()
            or Invitation.objects.pending().filter(email__iexact=email).exists()
        ):
            return None
        try:
            with transaction.atomic():
                befriender = Befriender.objects.create(
                    name=name,
                    email=email,
                    phone=phone,
                    region=region,
                    languages=languages,
                    gender=gender,
                    availability=availability,
                    what_they_bring=what_they_bring,
                )
        except IntegrityError:
            # The same application sent twice at once: the first one stands, and this one
            # gets the same reply.
            return None
        # Nothing but their own application until a coordinator makes them active.
        invite(email=email, role=Role.APPLICANT, display_name=name.split()[0], by=None)
        record("befriending.befriender.applied", befriender, by=None)
        notify_role(
            Role.BEFRIENDING_COORDINATOR,
            "befriending/new_application",
            context={
                "befriender": befriender,
                "url": _admin_url("befriending_volunteers:inspect", befriender.pk),
            },
            category=Category.ALERT,
        )
    return befriender


VOLUNTEER_ROLES = (Role.BEFRIENDER, Role.APPLICANT)


def volunteer_role(status: str) -> Role | None:
    """The role a volunteer's account holds in each status: Befriender only while active (vetted,
    trained and made active by a coordinator); while applying or paused, their own application
    page only; nothing once they have left or were not taken forward."""
    if status == BefrienderStatus.ACTIVE:
        return Role.BEFRIENDER
    if status in (*VETTING_ORDER[:-1], BefrienderStatus.PAUSED):
        return Role.APPLICANT
    return None


def _sync_role(befriender: Befriender, *, by) -> None:
    if befriender.user_id is None:
        return
    from pace_site.accounts.services import change_roles

    role = volunteer_role(befriender.status)
    change_roles(
        befriender.user,
        grant=[role] if role else [],
        revoke=[r for r in VOLUNTEER_ROLES if r != role],
        by=by,
    )


def link_account(user) -> Befriender | None:
    """Link a volunteer's new account to their application (by the confirmed e-mail address),
    and give the account the role that the application's status allows. Safe to call at every
    sign-in."""
    if not user.has_role(*VOLUNTEER_ROLES):
        return None
    with transaction.atomic():
        if Befriender.objects.filter(user=user).exists():
            return None
        befriender = (
            Befriender.objects.select_for_update()
            .filter(user__isnull=True, email__iexact=user.email)
            .exclude(status__in=[BefrienderStatus.LEFT, BefrienderStatus.NOT_TAKEN_FORWARD])
            .first()
        )
        if befriender is None:
            return None
        befriender.user = user
        befriender.save(update_fields=["user"])
        record("befriending.befriender.account_linked", befriender, by=user)
        _sync_role(befriender, by=None)
    return befriender


ALLOWED_MOVES = {
    # From each status, where a coordinator may move a volunteer (besides "not taken forward").
    BefrienderStatus.APPLIED: {BefrienderStatus.INTERVIEWED},
    BefrienderStatus.INTERVIEWED: {BefrienderStatus.REFERENCES_RECEIVED},
    BefrienderStatus.REFERENCES_RECEIVED: {BefrienderStatus.DBS_CHECKED},
    BefrienderStatus.DBS_CHECKED: {BefrienderStatus.TRAINED},
    BefrienderStatus.TRAINED: {BefrienderStatus.ACTIVE},
    BefrienderStatus.ACTIVE: {BefrienderStatus.PAUSED, BefrienderStatus.LEFT},
    BefrienderStatus.PAUSED: {BefrienderStatus.ACTIVE, BefrienderStatus.LEFT},
    BefrienderStatus.LEFT: set(),
    BefrienderStatus.NOT_TAKEN_FORWARD: set(),
}


def move_befriender(
    befriender: Befriender, *, to: str, by, reason: str = "", submission_key: UUID | None = None
) -> Befriender:
    """Move a volunteer to the next vetting stage, or pause, resume, leave or not take forward."""
    with transaction.atomic():
        claim(submission_key, by=by)
        befriender = Befriender.objects.select_for_update().get(pk=befriender.pk)
        current = BefrienderStatus(befriender.status)
        to = BefrienderStatus(to)
        if to == current:
            raise BefriendingError(f"{befriender.name} is already {to.label}.")
        if to == BefrienderStatus.NOT_TAKEN_FORWARD:
            if current not in VETTING_ORDER[:-1]:
                raise BefriendingError(
                    "Only a volunteer still being vetted can be not taken forward."
                )
            if not reason.strip():
                raise BefriendingError("Please write a short private reason.")
            befriender.not_taken_forward_reason = reason.strip()
        elif to not in ALLOWED_MOVES[current]:
            raise BefriendingError(
                f"{befriender.name} cannot go from {current.label} to {to.label}."
            )
        if to == BefrienderStatus.DBS_CHECKED and not befriender.dbs_issued_on:
            raise BefriendingError("Record the DBS certificate first.")
        if (
            to == BefrienderStatus.ACTIVE
            and current == BefrienderStatus.TRAINED
            and not befriender.training.exists()
        ):
            raise BefriendingError("Record the training they have completed first.")
        if (
            to == BefrienderStatus.LEFT
            and befriender.matches.filter(status__in=OPEN_MATCH_STATUSES).exists()
        ):
            raise BefriendingError("End their match first.")
        befriender.status = to
        befriender.status_changed_at = timezone.now()
        befriender.save(update_fields=["status", "status_changed_at", "not_taken_forward_reason"])
        record(
            "befriending.befriender.status_changed",
            befriender,
            by=by,
            data={"from": current.value, "to": to.value},
        )
        _sync_role(befriender, by=by)
    return befriender


def withdraw_application(befriender: Befriender, *, by) -> Befriender:
    """The applicant withdraws while still being vetted; coordinators are told. Safe twice."""
    with transaction.atomic():
        befriender = Befriender.objects.select_for_update().get(pk=befriender.pk)
        if befriender.status == BefrienderStatus.NOT_TAKEN_FORWARD:
            return befriender
        if befriender.status not in VETTING_ORDER[:-1]:
            raise BefriendingError("Please talk to your coordinator about stepping back.")
        current = befriender.status
        befriender.status = BefrienderStatus.NOT_TAKEN_FORWARD
        befriender.status_changed_at = timezone.now()
        befriender.not_taken_forward_reason = "Withdrew their application."
        befriender.save(update_fields=["status", "status_changed_at", "not_taken_forward_reason"])
        record(
            "befriending.befriender.application_withdrawn",
            befriender,
            by=by,
            data={"from": current},
        )
        _sync_role(befriender, by=by)
        notify_role(
            Role.BEFRIENDING_COORDINATOR,
            "befriending/application_withdrawn",
            context={
                "befriender": befriender,
                "url": _admin_url("befriending_volunteers:inspect", befriender.pk),
            },
            category=Category.ALERT,
        )
    return befriender


def set_capacity(
    befriender: Befriender, *, max_active_matches: int, by, submission_key: UUID | None = None
) -> Befriender:
    with transaction.atomic():
        claim(submission_key, by=by)
        befriender = Befriender.objects.select_for_update().get(pk=befriender.pk)
        befriender.max_active_matches = max_active_matches
        befriender.save(update_fields=["max_active_matches"])
        record(
            "befriending.befriender.capacity_changed",
            befriender,
            by=by,
            data={"max_active_matches": max_active_matches},
        )
    return befriender


def record_dbs(
    befriender: Befriender,
    *,
    certificate_number: str,
    issued_on: date,
    by,
    submission_key: UUID | None = None,
) -> Befriender:
    with transaction.atomic():
        claim(submission_key, by=by)
        befriender = Befriender.objects.select_for_update().get(pk=befriender.pk)
        befriender.dbs_certificate_number = certificate_number
        befriender.dbs_issued_on = issued_on
        befriender.save(update_fields=["dbs_certificate_number", "dbs_issued_on"])
        record(
            "befriending.befriender.dbs_recorded", befriender, by=by, data={"issued_on": issued_on}
        )
    return befriender


def record_training(
    befriender: Befriender,
    *,
    module: str,
    completed_on: date,
    by,
    submission_key: UUID | None = None,
) -> TrainingRecord:
    with transaction.atomic():
        claim(submission_key, by=by)
        training, _created = TrainingRecord.objects.update_or_create(
            befriender=befriender, module=module, defaults={"completed_on": completed_on}
        )
        record(
            "befriending.befriender.training_recorded",
            befriender,
            by=by,
            data={"module": module, "completed_on": completed_on},
        )
    return training


def record_supervision(
    befriender: Befriender, *, held_on: date, notes: str, by, submission_key: UUID | None = None
) -> SupervisionSession:
    with transaction.atomic():
        claim(submission_key, by=by)
        session = SupervisionSession.objects.create(
            befriender=befriender, held_on=held_on, notes=notes, held_by=by
        )
        record(
            "befriending.supervision.recorded", session, by=by, data={"befriender": befriender.pk}
        )
    return session


# ---------------------------------------------------------------------------------------------
# Referrals and matches


def create_referral(
    parent: Parent,
    *,
    hopes: str,
    preferred_gender: str,
    preferred_language: str,
    region: str,
    availability: list[str],
    by,
    submission_key: UUID | None = None,
) -> Referral:
    with transaction.atomic():
        claim(submission_key, by=by)
        if Referral.objects.waiting().filter(parent=parent).exists():
            raise BefriendingError("This parent is already waiting for a match.")
        referral = Referral.objects.create(
            parent=parent,
            hopes=hopes,
            preferred_gender=preferred_gender,
            preferred_language=preferred_language,
            region=region,
            availability=availability,
            referred_by=by,
        )
        record("befriending.referral.created", referral, by=by)
    return referral


def close_referral(referral: Referral, *, by, submission_key: UUID | None = None) -> Referral:
    with transaction.atomic():
        claim(submission_key, by=by)
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if referral.status == ReferralStatus.CLOSED:
            raise BefriendingError("This referral is already closed.")
        referral.status = ReferralStatus.CLOSED
        referral.save(update_fields=["status"])
        record("befriending.referral.closed", referral, by=by)
    return referral


def _check_capacity(befriender: Befriender, *, statuses) -> None:
    count = befriender.matches.filter(status__in=statuses).count()
    if count >= befriender.max_active_matches:
        places = befriender.max_active_matches
        raise BefriendingError(
            f"{befriender.name} already has {count} match{'es' if count != 1 else ''}; "
            f"they may have {places} at once."
        )


def propose_match(
    referral: Referral, *, befriender: Befriender, by, submission_key: UUID | None = None
) -> Match:
    """Propose a volunteer for a waiting referral. The volunteer must be active with a free place."""
    with transaction.atomic():
        claim(submission_key, by=by)
        befriender = Befriender.objects.select_for_update().get(pk=befriender.pk)
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if referral.status != ReferralStatus.WAITING:
            raise BefriendingError("This referral is no longer waiting for a match.")
        if befriender.status != BefrienderStatus.ACTIVE:
            raise BefriendingError(f"{befriender.name} is not an active volunteer.")
        _check_capacity(befriender, statuses=OPEN_MATCH_STATUSES)
        if Match.objects.open().filter(parent_id=referral.parent_id).exists():
            raise BefriendingError("This parent already has a match under way.")
        try:
            with transaction.atomic():
                match = Match.objects.create(
                    befriender=befriender, parent_id=referral.parent_id, referral=referral
                )
        except IntegrityError as error:
            raise BefriendingError("This parent already has a match under way.") from error
        referral.status = ReferralStatus.MATCHED
        referral.save(update_fields=["status"])
        record("befriending.match.proposed", match, by=by)
    return match


def _locked_match(match: Match) -> Match:
    return Match.objects.select_for_update().get(pk=match.pk)


def record_introduction(
    match: Match, *, introduction_on: date, by, submission_key: UUID | None = None
) -> Match:
    with transaction.atomic():
        claim(submission_key, by=by)
        match = _locked_match(match)
        if match.status not in {MatchStatus.PROPOSED, MatchStatus.INTRODUCED}:
            raise BefriendingError("The introduction is recorded before the match starts.")
        match.status = MatchStatus.INTRODUCED
        match.introduction_on = introduction_on
        match.save(update_fields=["status", "introduction_on"])
        record(
            "befriending.match.introduction_recorded",
            match,
            by=by,
            data={"introduction_on": introduction_on},
        )
    return match


def _schedule_reviews(match: Match) -> None:
    """(Re)write the match's pending reviews from its dates; completed ones stay as they are."""
    match.reviews.filter(completed_on__isnull=True).delete()
    done = set(match.reviews.values_list("kind", "due_on"))
    Review.objects.bulk_create(
        Review(match=match, kind=kind, due_on=due_on)
        for kind, due_on in review_schedule(match.started_on, match.planned_end_on)
        if (kind, due_on) not in done
    )


def start_match(
    match: Match,
    *,
    started_on: date,
    planned_end_on: date,
    how_often: str,
    contact_method: str,
    where: str,
    by,
    submission_key: UUID | None = None,
) -> Match:
    """Start an introduced match for 6 to 18 months and schedule its reviews."""
    with transaction.atomic():
        claim(submission_key, by=by)
        match = _locked_match(match)
        befriender = Befriender.objects.select_for_update().get(pk=match.befriender_id)
        if match.status != MatchStatus.INTRODUCED:
            raise BefriendingError("Record the introduction meeting before starting the match.")
        if match.introduction_on and started_on < match.introduction_on:
            raise BefriendingError("The match cannot start before the introduction meeting.")
        if error := match_length_error(started_on, planned_end_on):
            raise BefriendingError(error)
        _check_capacity(befriender, statuses=[MatchStatus.ACTIVE])
        match.status = MatchStatus.ACTIVE
        match.started_on = started_on
        match.planned_end_on = planned_end_on
        match.how_often = how_often
        match.contact_method = contact_method
        match.where = where
        match.save()
        _schedule_reviews(match)
        record(
            "befriending.match.started",
            match,
            by=by,
            data={"started_on": started_on, "planned_end_on": planned_end_on},
        )
    return match


def change_planned_end(
    match: Match, *, planned_end_on: date, by, submission_key: UUID | None = None
) -> Match:
    """Extend (or shorten) an active match, never past 18 months from its start; the pending
    reviews are scheduled again from the new end."""
    with transaction.atomic():
        claim(submission_key, by=by)
        match = _locked_match(match)
        if match.status != MatchStatus.ACTIVE:
            raise BefriendingError("Only an active match can be extended.")
        if error := match_length_error(match.started_on, planned_end_on):
            raise BefriendingError(error)
        if planned_end_on == match.planned_end_on:
            raise BefriendingError("That is already the planned end.")
        old = match.planned_end_on
        match.planned_end_on = planned_end_on
        match.save(update_fields=["planned_end_on"])
        _schedule_reviews(match)
        record(
            "befriending.match.end_date_changed",
            match,
            by=by,
            data={"from": old, "to": planned_end_on},
        )
    return match


def update_arrangements(
    match: Match,
    *,
    how_often: str,
    contact_method: str,
    where: str,
    by,
    submission_key: UUID | None = None,
):
    with transaction.atomic():
        claim(submission_key, by=by)
        match = _locked_match(match)
        if match.status == MatchStatus.ENDED:
            raise BefriendingError("This match has ended.")
        match.how_often, match.contact_method, match.where = how_often, contact_method, where
        match.save(update_fields=["how_often", "contact_method", "where"])
        record("befriending.match.arrangements_changed", match, by=by)
    return match


def complete_review(
    review: Review,
    *,
    completed_on: date,
    outcome: str,
    next_steps: str,
    by,
    submission_key: UUID | None = None,
):
    with transaction.atomic():
        claim(submission_key, by=by)
        review = Review.objects.select_for_update().get(pk=review.pk)
        if review.completed_on is not None:
            raise BefriendingError("This review has already been recorded.")
        if review.match.status != MatchStatus.ACTIVE:
            raise BefriendingError("Reviews are recorded for active matches.")
        review.completed_on = completed_on
        review.outcome = ReviewOutcome(outcome)
        review.next_steps = next_steps
        review.completed_by = by
        review.save(update_fields=["completed_on", "outcome", "next_steps", "completed_by"])
        record("befriending.review.recorded", review, by=by, data={"outcome": review.outcome.value})
    return review


def end_match(
    match: Match,
    *,
    ended_on: date,
    reason: str,
    summary: str,
    by,
    submission_key: UUID | None = None,
) -> Match:
    """End a match at any stage (a proposal that does not go ahead ends too)."""
    with transaction.atomic():
        claim(submission_key, by=by)
        match = _locked_match(match)
        if match.status == MatchStatus.ENDED:
            raise BefriendingError("This match has already ended.")
        if match.started_on and ended_on < match.started_on:
            raise BefriendingError("A match cannot end before it started.")
        if ended_on > timezone.localdate():
            raise BefriendingError("Record the ending on the day it happens, not ahead.")
        match.status = MatchStatus.ENDED
        match.ended_on = ended_on
        match.ending_reason = reason
        match.closing_summary = summary
        match.save(update_fields=["status", "ended_on", "ending_reason", "closing_summary"])
        match.reviews.filter(completed_on__isnull=True).delete()
        if match.referral_id and not match.started_on:
            # The proposal did not go ahead: the parent waits for another volunteer.
            Referral.objects.filter(pk=match.referral_id).update(status=ReferralStatus.WAITING)
        elif match.referral_id:
            Referral.objects.filter(pk=match.referral_id).update(status=ReferralStatus.CLOSED)
        record("befriending.match.ended", match, by=by, data={"ending_reason": reason})
    return match


# ---------------------------------------------------------------------------------------------
# Contact logs and concerns


def log_contact(
    *,
    user,
    happened_on: date,
    duration_minutes: int,
    method: str,
    parent_mood: str,
    notes: str,
    submission_key: UUID | None = None,
) -> ContactLog:
    """The volunteer records a contact on their current match. A form sent twice is saved once
    (DuplicateSubmission; `ContactLog.submission_key` finds the first one)."""
    with transaction.atomic():
        claim(submission_key, by=user)
        match = Match.objects.for_befriender(user).select_for_update().first()
        if match is None:
            raise BefriendingError("You have no active match to log a contact for.")
        if happened_on < match.started_on:
            raise BefriendingError("That date is before your match started.")
        if happened_on > timezone.localdate():
            raise BefriendingError("That date is in the future.")
        log = ContactLog.objects.create(
            match=match,
            happened_on=happened_on,
            duration_minutes=duration_minutes,
            method=method,
            parent_mood=parent_mood,
            notes=notes,
            created_by=user,
            submission_key=submission_key,
        )
        record("befriending.contact_log.created", log, by=user, data={"match": match.pk})
    return log


def raise_concern(
    *,
    user,
    urgency: str,
    details: str,
    contact_log: ContactLog | None = None,
    submission_key: UUID | None = None,
):
    """An active volunteer raises a safeguarding concern about their current match, or one that
    ended in the last CONCERN_DAYS_AFTER_END days. Every coordinator is told at once: quiet hours
    protect parents and volunteers, not staff inboxes, so the message is urgent. A form sent
    twice is sent once (DuplicateSubmission)."""
    with transaction.atomic():
        claim(submission_key, by=user)
        befriender = Befriender.objects.for_user(user).active().first()
        match = (
            Match.objects.open_to_concerns_from(user)
            # The current match first (no end date), then the one that ended last.
            .order_by(F("ended_on").desc(nulls_first=True), "-pk")
            .first()
        )
        if befriender is None or match is None:
            raise BefriendingError(
                "This form is for a parent you befriend now, or did in the last four weeks. "
                "Please ring the Pace helpline instead."
            )
        concern = Concern.objects.create(
            befriender=befriender,
            match=match,
            contact_log=contact_log,
            urgency=urgency,
            details=details,
            submission_key=submission_key,
        )
        record("befriending.concern.raised", concern, by=user, data={"urgency": urgency})
        url = _admin_url("befriending_concerns:inspect", concern.pk)
        notify_role(
            Role.BEFRIENDING_COORDINATOR,
            "befriending/concern_raised",
            context={"concern": concern, "url": url},
            link=url,
            category=Category.ALERT,
            urgent=True,
        )
    return concern


def take_concern_in_hand(concern: Concern, *, by, submission_key: UUID | None = None) -> Concern:
    with transaction.atomic():
        claim(submission_key, by=by)
        concern = Concern.objects.select_for_update().get(pk=concern.pk)
        if concern.status != ConcernStatus.OPEN:
            raise BefriendingError("This concern is already in hand or closed.")
        concern.status = ConcernStatus.IN_HAND
        concern.handled_by = by
        concern.save(update_fields=["status", "handled_by"])
        record("befriending.concern.taken_in_hand", concern, by=by)
    return concern


def close_concern(
    concern: Concern, *, outcome: str, by, submission_key: UUID | None = None
) -> Concern:
    with transaction.atomic():
        claim(submission_key, by=by)
        concern = Concern.objects.select_for_update().get(pk=concern.pk)
        if concern.status == ConcernStatus.CLOSED:
            raise BefriendingError("This concern is already closed.")
        if not outcome.strip():
            raise BefriendingError("Please record the outcome.")
        concern.status = ConcernStatus.CLOSED
        concern.outcome = outcome.strip()
        concern.closed_at = timezone.now()
        concern.handled_by = concern.handled_by or by
        concern.save(update_fields=["status", "outcome", "closed_at", "handled_by"])
        record("befriending.concern.closed", concern, by=by)
    return concern
