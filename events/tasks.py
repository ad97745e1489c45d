"""Reminders seven days and one day before an event, through the notifications outbox.

The beat task finds what is due with one indexed query and queues one task per registration
(STYLE 8). Each reminder task locks its registration, re-checks that it is still due and marks
it sent in the same transaction as the message: safe to run twice.
"""

from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import EventStatus, Registration, RegistrationStatus

WEEK = timedelta(days=7)
DAY = timedelta(days=1)
REMINDERS = {
    # which: (field that records it, how long before the start it becomes due)
    "week": ("week_reminder_sent_at", WEEK),
    "day": ("day_reminder_sent_at", DAY),
}


def due_reminders(which: str, now=None):
    """Confirmed registrations whose reminder is due and not yet sent. The week reminder is only
    for people who booked more than a week ahead (others have just had their confirmation); the
    day reminder goes to everyone with a place."""
    now = now or timezone.now()
    field, before = REMINDERS[which]
    registrations = Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED,
        event__status=EventStatus.SCHEDULED,
        event__published_at__isnull=False,
        event__starts_at__gt=now,
        event__starts_at__lte=now + before,
        **{f"{field}__isnull": True},
    )
    if which == "week":
        registrations = registrations.filter(
            event__starts_at__gt=now + DAY,
            confirmed_at__lt=F("event__starts_at") - WEEK,
        )
    return registrations


@shared_task
def queue_event_reminders() -> int:
    """Beat: queue one reminder task per registration that is due."""
    queued = 0
    for which in REMINDERS:
        ids = list(due_reminders(which).values_list("pk", flat=True)[:1000])
        for registration_id in ids:
            send_event_reminder.delay(registration_id, which)
        queued += len(ids)
    return queued


@shared_task
def send_event_reminder(registration_id: int, which: str) -> str:
    """Send one reminder, once (logistics: it goes to paused parents too, for what they booked)."""
    from pace_site.audit.services import record

    from .services import notify_registrant

    if which not in REMINDERS:
        return "unknown reminder"
    field, _before = REMINDERS[which]
    with transaction.atomic():
        registration = (
            due_reminders(which)
            .select_for_update(of=("self",))
            .select_related("event", "user")
            .filter(pk=registration_id)
            .first()
        )
        if registration is None:
            return "nothing to do"
        setattr(registration, field, timezone.now())
        registration.save(update_fields=[field])
        record("events.registration.reminder_sent", registration, by=None, data={"which": which})
        notify_registrant(registration, f"events/reminder_{which}")
    return "sent"


@shared_task
def ask_after_events() -> int:
    """Daily: queue one task per person who came to an event that has ended and is not yet
    asked how it was."""
    from .outcomes import registrations_to_ask

    ids = list(registrations_to_ask().order_by("pk").values_list("pk", flat=True)[:1000])
    for registration_id in ids:
        ask_after_event.delay(registration_id)
    return len(ids)


@shared_task
def ask_after_event(registration_id: int) -> bool:
    """Ask one person how the event was, if still due (safe to run twice)."""
    from .outcomes import ask_after_event as ask

    registration = (
        Registration.objects.select_related("user", "event").filter(pk=registration_id).first()
    )
    return registration is not None and ask(registration) is not None
