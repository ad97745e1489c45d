"""Contact logs and concerns: the volunteer's record of a contact, a concern raised, taken in
hand and closed with its outcome."""

from datetime import date
from uuid import UUID

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from pace_site.accounts.models import User
from pace_site.accounts.roles import Role
from pace_site.audit.services import record
from pace_site.links import absolute_url
from pace_site.notifications.models import MessageCategory
from pace_site.notifications.services import notify_role
from pace_site.submissions.services import claim

from ..models import (
    Befriender,
    Concern,
    ConcernStatus,
    ContactLog,
    Match,
)
from .errors import BefriendingError


def log_contact(
    *,
    by: User,
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
        claim(submission_key, by=by)
        match = Match.objects.for_befriender(by).select_for_update().first()
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
            created_by=by,
            submission_key=submission_key,
        )
        record("befriending.contact_log.created", log, by=by, data={"match": match.pk})
    return log


def raise_concern(
    *,
    by: User,
    urgency: str,
    details: str,
    contact_log: ContactLog | None = None,
    submission_key: UUID | None = None,
) -> Concern:
    """An active volunteer raises a safeguarding concern about their current match, or one that
    ended in the last CONCERN_DAYS_AFTER_END days. Every coordinator is told at once: quiet hours
    protect parents and volunteers, not staff inboxes, so the message is urgent. A form sent
    twice is sent once (DuplicateSubmission)."""
    with transaction.atomic():
        claim(submission_key, by=by)
        befriender = Befriender.objects.for_user(by).active().first()
        match = (
            Match.objects.open_to_concerns_from(by)
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
        record("befriending.concern.raised", concern, by=by, data={"urgency": urgency})
        url = absolute_url("befriending_concerns:inspect", concern.pk)
        notify_role(
            Role.BEFRIENDING_COORDINATOR,
            "befriending/concern_raised",
            context={"concern": concern, "url": url},
            link=url,
            category=MessageCategory.ALERT,
            urgent=True,
        )
    return concern


def take_concern_in_hand(
    concern: Concern, *, by: User, submission_key: UUID | None = None
) -> Concern:
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
    concern: Concern, *, outcome: str, by: User, submission_key: UUID | None = None
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
