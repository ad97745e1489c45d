"""What every participation service shares: the error it raises and the check-in cadence."""

from datetime import date, timedelta

from django.db.models import Min
from django.utils import timezone

from pace_site.services import ServiceError

from ..models import (
    Parent,
    SignUp,
)

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
