"""Pauses: a parent taking a break, and coming back."""

from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pace_site.accounts.models import User
from pace_site.accounts.roles import Role
from pace_site.audit.services import record
from pace_site.notifications.models import MessageCategory
from pace_site.notifications.services import notify, notify_role

from ..models import (
    Parent,
    ParentStatus,
    Pause,
    PauseStartedBy,
    SignUp,
)
from .common import ParticipationError, _lock_parent


def pause_parent(
    parent: Parent, *, by: User, by_parent: bool, until: date | None = None, reason: str = ""
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
                category=MessageCategory.ALERT,
            )
        if not by_parent:
            notify(
                parent.user,
                "participation/paused_for_you",
                context={"parent": parent, "pause": pause},
                category=MessageCategory.LOGISTICS,
            )
        record("participation.parent.paused", pause, by=by, data={"started_by": pause.started_by})
    return pause


def ask_to_come_back(parent: Parent, *, by: User) -> Pause:
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
            category=MessageCategory.ALERT,
            urgent=True,
        )
        record("participation.parent.return_requested", pause, by=by)
    return pause


def resume_parent(parent: Parent, *, by: User, by_parent: bool) -> Pause:
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
                category=MessageCategory.ALERT,
            )
        record("participation.parent.resumed", pause, by=by, data={"by_parent": by_parent})
    return pause
