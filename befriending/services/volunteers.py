"""Applications and vetting: an application received and handled, a volunteer moved through
vetting, their DBS, training, supervision and how many matches they may have."""

import json
import logging
from datetime import date, timedelta
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from pace_site.accounts.models import User
from pace_site.accounts.roles import Role
from pace_site.audit.services import record
from pace_site.links import absolute_url
from pace_site.notifications.models import MessageCategory
from pace_site.notifications.services import notify_role
from pace_site.queueing import queue_or_leave_for_sweep
from pace_site.submissions.services import claim

from ..models import (
    OPEN_MATCH_STATUSES,
    VETTING_ORDER,
    Befriender,
    BefrienderStatus,
    ReceivedApplication,
    SupervisionSession,
    TrainingRecord,
)
from .errors import BefriendingError

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
    from ..tasks import handle_received_application

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
                "url": absolute_url("befriending_volunteers:inspect", befriender.pk),
            },
            category=MessageCategory.ALERT,
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


def _sync_role(befriender: Befriender, *, by: User | None) -> None:
    if befriender.user is None:
        return
    from pace_site.accounts.services import change_roles

    role = volunteer_role(befriender.status)
    change_roles(
        befriender.user,
        grant=[role] if role else [],
        revoke=[r for r in VOLUNTEER_ROLES if r != role],
        by=by,
    )


def link_account(user: User) -> Befriender | None:
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
    befriender: Befriender,
    *,
    to: str,
    by: User,
    reason: str = "",
    submission_key: UUID | None = None,
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


def withdraw_application(befriender: Befriender, *, by: User) -> Befriender:
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
                "url": absolute_url("befriending_volunteers:inspect", befriender.pk),
            },
            category=MessageCategory.ALERT,
        )
    return befriender


def set_capacity(
    befriender: Befriender, *, max_active_matches: int, by: User, submission_key: UUID | None = None
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
    by: User,
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
    by: User,
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
    befriender: Befriender,
    *,
    held_on: date,
    notes: str,
    by: User,
    submission_key: UUID | None = None,
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
