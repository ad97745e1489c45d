"""Every change to the support line's tally: recording a contact and removing one recorded by
mistake. Each is one transaction with an audit entry."""

import datetime

from django.db import transaction
from django.utils import timezone

from pace_site.accounts.models import User
from pace_site.audit.services import record
from pace_site.services import ServiceError

from .models import MAX_MINUTES, SupportContact

# A contact is tallied soon after it happens; a date further back is a typing mistake.
OLDEST_DAYS = 366


class SupportLineError(ServiceError):
    pass


def record_contact(
    *,
    by: User,
    happened_on: datetime.date,
    channel: str,
    caller: str,
    concern: str,
    minutes: int,
    region: str = "",
    first_contact: bool = False,
    referred_to: str = "none",
) -> SupportContact:
    today = timezone.localdate()
    if happened_on > today:
        raise SupportLineError("That date is in the future.")
    if happened_on < today - datetime.timedelta(days=OLDEST_DAYS):
        raise SupportLineError("Contacts are recorded within a year of when they happened.")
    if not 1 <= minutes <= MAX_MINUTES:
        raise SupportLineError(f"Minutes must be between 1 and {MAX_MINUTES}.")
    with transaction.atomic():
        contact = SupportContact.objects.create(
            happened_on=happened_on,
            channel=channel,
            caller=caller,
            concern=concern,
            minutes=minutes,
            region=region.strip(),
            first_contact=first_contact,
            referred_to=referred_to,
            recorded_by=by,
        )
        record("support_line.contact.recorded", contact, by=by)
    return contact


def remove_contact(contact: SupportContact, *, by: User) -> None:
    """Take a contact recorded by mistake (twice, or the wrong line) out of the tally."""
    with transaction.atomic():
        locked = SupportContact.objects.select_for_update().filter(pk=contact.pk).first()
        if locked is None:
            raise SupportLineError("That contact has already been removed.")
        record(
            "support_line.contact.removed",
            SupportContact,
            by=by,
            data={"contact": locked.pk, "happened_on": locked.happened_on.isoformat()},
        )
        locked.delete()
