"""Wellbeing check-ins, logged by the manager or by the parent."""

from datetime import date, datetime, timedelta
from uuid import UUID

from django.db import transaction
from django.utils import timezone

from pace_site.accounts.models import User
from pace_site.accounts.roles import Role
from pace_site.audit.services import record
from pace_site.notifications.models import MessageCategory
from pace_site.notifications.services import notify_role
from pace_site.outcomes.services import invite
from pace_site.submissions.services import claim

from ..models import (
    Channel,
    CheckIn,
    CheckInKind,
    Parent,
    SignUp,
)
from ..outcomes import AFTER_DEBRIEF
from .common import ParticipationError, _lock_parent, refresh_check_in_due


def log_check_in(
    parent: Parent,
    *,
    by: User,
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
            debriefed = list(SignUp.objects.for_parent(parent).debrief_open())
            SignUp.objects.filter(pk__in=[s.pk for s in debriefed]).update(
                debrief_done_at=happened_at
            )
            for signup in debriefed:
                # The parent is asked how it went (if that moment is on and they may be asked).
                invite(parent.user, moment=AFTER_DEBRIEF, about=signup, by=by)
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
    by: User,
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
                category=MessageCategory.ALERT,
                urgent=True,
            )
        record(
            "participation.check_in.self_reported",
            check_in,
            by=by,
            data={"wants_call": bool(wants_call)},
        )
    return check_in


def complete_follow_up(check_in: CheckIn, *, by: User, note: str = "") -> CheckIn:
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
