"""A parent's own settings and their record's details."""

from datetime import date, timedelta

from django.db import transaction

from pace_site.accounts.models import User
from pace_site.audit.services import record

from ..models import (
    ActivityType,
    Parent,
)
from .common import ParticipationError, _lock_parent


def update_interests(
    parent: Parent,
    *,
    interests: list[ActivityType],
    ways_accepted: list[str],
    will_not_do: list[str],
    by: User,
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
    parent: Parent, *, interests: list[ActivityType], linking_account: bool, by: User
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


def add_private_date(parent: Parent, *, on: date, note: str, by: User) -> Parent:
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


def remove_private_date(parent: Parent, *, on: date, by: User) -> Parent:
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
