"""Actions on events and registrations. Each runs in one transaction and writes an audit entry.

Places are taken with the event row locked (SELECT … FOR UPDATE), so registrations and
cancellations for one event run one at a time: the last place goes to exactly one person and a
freed place promotes the first person waiting exactly once.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from django.db import IntegrityError, models, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from pace_site.accounts.models import User
from pace_site.accounts.roles import STAFF_ROLES, Role
from pace_site.audit.services import record
from pace_site.links import absolute_url
from pace_site.notifications.models import MessageCategory
from pace_site.notifications.services import notify
from pace_site.services import ServiceError
from pace_site.submissions.services import claim
from participation.models import Parent

from .models import (
    LIVE_STATUSES,
    MAX_TRAVEL_AMOUNT,
    Audience,
    CalendarFeed,
    Event,
    EventStatus,
    Feedback,
    Registration,
    RegistrationStatus,
    RoomPreference,
    audiences_for,
)


class EventError(ServiceError):
    """An action that cannot be done; the message says why in plain words."""


@dataclass
class Needs:
    """What a person tells us when they register (all optional)."""

    dietary_needs: str = ""
    access_needs: str = ""
    arrival_on: date | None = None
    departure_on: date | None = None
    room_preference: str = ""
    room_notes: str = ""
    travel_support_requested: Decimal | None = None
    photo_consent: bool = False


MAX_NEEDS_LENGTH = 1000


def _check_needs(event: Event, needs: Needs) -> None:
    for text in (needs.dietary_needs, needs.access_needs, needs.room_notes):
        if len(text) > MAX_NEEDS_LENGTH:
            raise EventError(f"Please keep each answer under {MAX_NEEDS_LENGTH} characters.")
    _check_travel(event, needs.travel_support_requested)
    if needs.room_preference and needs.room_preference not in RoomPreference.values:
        raise EventError("Please choose one of the room options.")
    if event.is_residential:
        _check_stay(event, needs)
    elif needs.arrival_on or needs.departure_on or needs.room_preference or needs.room_notes:
        raise EventError("Rooms and nights are only for residential weekends.")


def _check_travel(event: Event, amount: Decimal | None) -> None:
    if amount is None:
        return
    if not event.travel_support_offered:
        raise EventError("Travel support is not offered for this event.")
    if amount < 0:
        raise EventError("The travel amount cannot be less than £0.")
    if amount > MAX_TRAVEL_AMOUNT:
        raise EventError(
            f"Travel support is up to £{MAX_TRAVEL_AMOUNT:.0f}. Please check the amount, "
            "or talk to us if your journey costs more."
        )


def _check_stay(event: Event, needs: Needs) -> None:
    """A residential needs the days, within the weekend, leaving after arriving."""
    if needs.arrival_on is None or needs.departure_on is None:
        raise EventError("Please tell us when you will arrive and when you will leave.")
    first = timezone.localtime(event.starts_at).date()
    last = timezone.localtime(event.ends_at).date()
    if needs.departure_on < needs.arrival_on:
        raise EventError("The day you leave must be after the day you arrive.")
    if not (first <= needs.arrival_on <= last and first <= needs.departure_on <= last):
        raise EventError(
            f"The weekend runs from {first:%A %-d %B} to {last:%A %-d %B}. "
            "Please choose days in that range."
        )


def _lock_event(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def register(
    event: Event,
    *,
    user: User,
    needs: Needs,
    by: User | None = None,
    submission_key: UUID | None = None,
) -> Registration:
    """Give the person a confirmed place if one is free, otherwise the next waitlist place.
    A form sent twice raises DuplicateSubmission and books nothing more."""
    by = by or user
    with transaction.atomic():
        claim(submission_key, by=by)
        event = _lock_event(event.pk)
        now = timezone.now()
        if event.audience not in audiences_for(user) or not event.is_published:
            raise EventError("This event is not open to you.")
        if event.is_cancelled:
            raise EventError("This event has been cancelled, so you cannot register for it.")
        if now < event.registration_opens_at:
            raise EventError("Registration for this event has not opened yet.")
        if now >= event.registration_closes_at:
            raise EventError("Registration for this event has closed.")
        if (
            Registration.objects.filter(event=event, user=user)
            .exclude(status=RegistrationStatus.CANCELLED)
            .exists()
        ):
            raise EventError("You are already registered for this event.")
        _check_needs(event, needs)
        taken = Event.objects.places_taken(event.pk)
        registration = Registration(
            event=event,
            user=user,
            registered_at=now,
            dietary_needs=needs.dietary_needs,
            access_needs=needs.access_needs,
            arrival_on=needs.arrival_on,
            departure_on=needs.departure_on,
            room_preference=needs.room_preference,
            room_notes=needs.room_notes,
            travel_support_requested=needs.travel_support_requested,
            photo_consent=needs.photo_consent,
        )
        if taken < event.capacity:
            registration.status = RegistrationStatus.CONFIRMED
            registration.confirmed_at = now
        else:
            registration.status = RegistrationStatus.WAITLISTED
            last = Registration.objects.filter(event=event).aggregate(n=Max("waitlist_number"))
            registration.waitlist_number = (last["n"] or 0) + 1
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as error:  # the constraint is the last word on double clicks
            raise EventError("You are already registered for this event.") from error
        record(
            "events.registration.created",
            registration,
            by=by,
            data={"event": event.pk, "status": registration.status},
        )
        kind = "confirmed" if registration.status == RegistrationStatus.CONFIRMED else "waitlisted"
        notify_registrant(registration, f"events/{kind}")
    return registration


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person waiting, and so on."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    return Registration.objects.filter(
        event_id=registration.event_id,
        status=RegistrationStatus.WAITLISTED,
        waitlist_number__lte=registration.waitlist_number,
    ).count()


def cancel_registration(
    registration: Registration, *, by: User, submission_key: UUID | None = None
) -> Registration:
    """The person (or staff) gives up a place or leaves the waiting list; a freed place goes to
    the first person waiting. Cancelling what is already cancelled is done, and changes nothing."""
    with transaction.atomic():
        claim(submission_key, by=by)
        event = _lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            return registration
        if registration.status not in LIVE_STATUSES:
            raise EventError("This booking can no longer be cancelled.")
        if event.has_ended():
            raise EventError("This event has already happened.")
        freed = registration.status == RegistrationStatus.CONFIRMED
        registration.status = RegistrationStatus.CANCELLED
        registration.waitlist_number = None
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "waitlist_number", "cancelled_at"])
        record("events.registration.cancelled", registration, by=by, data={"event": event.pk})
        if freed and not event.is_cancelled:
            _promote_from_waitlist(event, by=by)
    return registration


def _promote_from_waitlist(event: Event, *, by: User | None) -> list[Registration]:
    """Fill free places from the front of the queue. Call with the event row locked."""
    promoted: list[Registration] = []
    free = event.capacity - Event.objects.places_taken(event.pk)
    if free <= 0 or event.has_ended():
        return promoted
    now = timezone.now()
    for registration in (
        Registration.objects.select_for_update().filter(event=event).waitlisted()[:free]
    ):
        registration.status = RegistrationStatus.CONFIRMED
        registration.waitlist_number = None
        registration.confirmed_at = now
        registration.promoted_at = now
        registration.save(
            update_fields=["status", "waitlist_number", "confirmed_at", "promoted_at"]
        )
        record("events.registration.promoted", registration, by=by, data={"event": event.pk})
        notify_registrant(registration, "events/promoted")
        promoted.append(registration)
    return promoted


def notify_registrant(registration: Registration, kind: str, **context: object) -> None:
    """Tell the person booked (or waiting) about their event: logistics, in the caller's
    transaction."""
    event = registration.event
    notify(
        registration.user,
        kind,
        context={
            "event": event,
            "registration": registration,
            "starts_at": timezone.localtime(event.starts_at),
            "url": absolute_url("events:detail", event.pk),
            **context,
        },
        link=absolute_url("events:detail", event.pk),
        category=MessageCategory.LOGISTICS,
    )


def publish_event(event: Event, *, by: User, submission_key: UUID | None = None) -> Event:
    """Make the event visible and invite the people it is for (an offer: paused parents are not
    invited; contact rules apply). Publishing a published event is done: nobody is invited twice."""
    with transaction.atomic():
        claim(submission_key, by=by)
        event = _lock_event(event.pk)
        if event.is_published:
            return event
        if event.is_cancelled:
            raise EventError("A cancelled event cannot be published.")
        event.published_at = timezone.now()
        event.sequence = F("sequence") + 1
        event.save(update_fields=["published_at", "sequence", "updated_at"])
        event.refresh_from_db()
        record("events.event.published", event, by=by)
        if event.audience != Audience.PUBLIC and not event.has_ended():
            for person in invitees(event):
                notify(
                    person,
                    "events/invitation",
                    context={
                        "event": event,
                        "starts_at": timezone.localtime(event.starts_at),
                        "url": absolute_url("events:detail", event.pk),
                    },
                    link=absolute_url("events:detail", event.pk),
                    category=MessageCategory.OFFER,
                )
    return event


def invitees(event: Event) -> models.QuerySet[User]:
    """Who is told about a newly published event: active accounts it is for, minus parents who
    have paused or left (the notification policy re-checks at sending time)."""
    role_names: list[Role] = {
        Audience.PARENTS: [Role.PARENT],
        Audience.VOLUNTEERS: [Role.BEFRIENDER],
        Audience.STAFF: list(STAFF_ROLES),
    }[Audience(event.audience)]
    people = User.objects.filter(is_active=True, groups__name__in=role_names)
    if event.audience == Audience.PARENTS:
        # Parents who have paused or left are not invited (participation says who is active).
        people = people.filter(Q(parent__isnull=True) | Q(parent__in=Parent.objects.active()))
    return people.distinct().order_by("pk")


def update_event(event: Event, *, by: User, changed: list[str]) -> Event:
    """After staff edit an event: raise its SEQUENCE so calendars pick the change up, fill new
    places from the waiting list, and tell people booked or waiting if the time or venue moved."""
    with transaction.atomic():
        event = _lock_event(event.pk)
        Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1)
        event.refresh_from_db()
        record("events.event.changed", event, by=by, data={"fields": sorted(changed)})
        if "capacity" in changed and not event.is_cancelled:
            _promote_from_waitlist(event, by=by)
        moved = set(changed) & CHANGES_PEOPLE_NEED
        if moved and event.is_published and not event.is_cancelled and not event.has_ended():
            for registration in (
                Registration.objects.filter(event=event).live().select_related("user", "event")
            ):
                notify_registrant(registration, "events/event_changed")
    return event


# A change to any of these is worth a message to everyone booked or waiting.
CHANGES_PEOPLE_NEED = {"starts_at", "ends_at", "venue_name", "venue_address"}


def cancel_event(event: Event, *, by: User, submission_key: UUID | None = None) -> Event:
    """Cancel the event: everyone with a place or on the waiting list is told, and their
    calendars show it as cancelled (STATUS:CANCELLED, higher SEQUENCE). Cancelling a cancelled
    event is done: nobody is told twice."""
    with transaction.atomic():
        claim(submission_key, by=by)
        event = _lock_event(event.pk)
        if event.is_cancelled:
            return event
        if event.has_ended():
            raise EventError("This event has already happened.")
        event.status = EventStatus.CANCELLED
        event.cancelled_at = timezone.now()
        event.sequence = F("sequence") + 1
        event.save(update_fields=["status", "cancelled_at", "sequence", "updated_at"])
        event.refresh_from_db()
        record("events.event.cancelled", event, by=by)
        for registration in (
            Registration.objects.filter(event=event).live().select_related("user", "event")
        ):
            notify_registrant(registration, "events/event_cancelled")
    return event


def set_capacity(event: Event, *, capacity: int, by: User) -> Event:
    """Change the number of places; new places go to the waiting list first."""
    if capacity < 1:
        raise EventError("An event needs at least one place.")
    with transaction.atomic():
        event = _lock_event(event.pk)
        taken = Event.objects.places_taken(event.pk)
        if capacity < taken:
            raise EventError(f"{taken} people already have a place; the event needs at least that.")
        event.capacity = capacity
        event.save(update_fields=["capacity", "updated_at"])
        record("events.event.capacity_changed", event, by=by, data={"capacity": capacity})
        if not event.is_cancelled:
            _promote_from_waitlist(event, by=by)
    return event


def approve_travel(
    registration: Registration,
    *,
    amount: Decimal,
    by: User,
    submission_key: UUID | None = None,
) -> Registration:
    """Staff approve (all or part of) the travel support a person asked for. Approving the
    amount already approved is done: the person is not told twice."""
    if amount is None or amount < 0:
        raise EventError("The approved amount cannot be less than £0.")
    if amount > MAX_TRAVEL_AMOUNT:
        raise EventError(f"The approved amount cannot be more than £{MAX_TRAVEL_AMOUNT:.0f}.")
    with transaction.atomic():
        claim(submission_key, by=by)
        registration = (
            Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
        )
        if registration.travel_support_requested is None:
            raise EventError("This person did not ask for travel support.")
        if registration.status == RegistrationStatus.CANCELLED:
            raise EventError("This registration is cancelled.")
        if registration.travel_support_approved == amount:
            return registration
        registration.travel_support_approved = amount
        registration.travel_approved_by = by
        registration.travel_approved_at = timezone.now()
        registration.save(
            update_fields=["travel_support_approved", "travel_approved_by", "travel_approved_at"]
        )
        record(
            "events.registration.travel_approved",
            registration,
            by=by,
            data={"amount": amount},
        )
        notify_registrant(registration, "events/travel_approved", amount=amount)
    return registration


def mark_attendance(
    registration: Registration,
    *,
    attended: bool,
    by: User,
    submission_key: UUID | None = None,
) -> Registration:
    """On the day: staff mark a confirmed person as here or not here (and can correct it).
    Marking what is already marked is done and changes nothing."""
    with transaction.atomic():
        claim(submission_key, by=by)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.holds_place:
            raise EventError("Only people with a place can be marked.")
        status = RegistrationStatus.ATTENDED if attended else RegistrationStatus.DID_NOT_ATTEND
        if registration.status == status:
            return registration
        registration.status = status
        registration.attendance_marked_at = timezone.now()
        registration.save(update_fields=["status", "attendance_marked_at"])
        record(
            "events.registration.attendance_marked",
            registration,
            by=by,
            data={"status": registration.status},
        )
        if attended and registration.event.has_ended():
            # Marked there after the day: asked how it was now (else by the next daily task).
            from .outcomes import ask_after_event

            ask_after_event(registration)
    return registration


def give_feedback(
    registration: Registration,
    *,
    answers: dict,
    by: User,
    submission_key: UUID | None = None,
) -> Feedback:
    """An attendee's feedback, once, after the event."""
    with transaction.atomic():
        claim(submission_key, by=by)
        registration = (
            Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
        )
        if not registration.event.has_ended():
            raise EventError("You can tell us how it went after the event.")
        if registration.status not in (RegistrationStatus.ATTENDED, RegistrationStatus.CONFIRMED):
            raise EventError("Feedback is for people who came to the event.")
        if Feedback.objects.filter(registration=registration).exists():
            raise EventError("Thank you, we already have your feedback for this event.")
        feedback = Feedback.objects.create(registration=registration, **answers)
        record("events.feedback.given", feedback, by=by, data={"event": registration.event_id})
    return feedback


# --- Calendar feed tokens -------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_for(user: User) -> CalendarFeed:
    """The person's feed, made on first use."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        feed = replace_calendar_token(user, by=user)
    return feed


def replace_calendar_token(
    user: User, *, by: User, submission_key: UUID | None = None
) -> CalendarFeed:
    """A new secret address for the person's calendar; the old one stops working at once."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        claim(submission_key, by=by)
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(
            user=user, defaults={"token": token, "token_hash": _token_hash(token)}
        )
        if not created:
            feed.token = token
            feed.token_hash = _token_hash(token)
            feed.created_at = timezone.now()
            feed.save(update_fields=["token", "token_hash", "created_at"])
        record(
            "events.calendar_feed.made" if created else "events.calendar_feed.replaced",
            feed,
            by=by,
        )
    return feed


def feed_owner(token: str) -> User | None:
    """The user whose feed this token opens, or None. Never log the token."""
    if not token or len(token) > 100:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=_token_hash(token)).first()
    if feed is None or not hmac.compare_digest(feed.token_hash, _token_hash(token)):
        return None
    if not feed.user.is_active:
        return None
    return feed.user
