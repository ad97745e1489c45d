"""Places under load, on PostgreSQL: the last place goes to exactly one person, a freed place
goes to the first person waiting exactly once, and is never left empty while someone waits.

Each race is made to happen every time, not by luck: a "gate" (a table lock held from its own
connection) stops every transaction at a chosen write, the test waits until each racer is
parked at the gate or behind a row lock (PostgreSQL's pg_stat_activity says so), and only then
opens it. Without the lock a test is about, the racers all read before anyone writes, and the
test fails every time.
"""

import threading

import pytest
from django.db import connection

from events import services
from events.models import Registration, RegistrationStatus
from events.services import Needs
from pace_site.accounts.roles import Role
from pace_site.notifications.models import Notification
from tests import races
from tests.races import Gate, Racer, parked, start

from .factories import EventFactory

PEOPLE = 20
AUDIT_TABLE = "audit_auditentry"
OUTBOX_TABLE = "notifications_notification"


def finish(racers) -> None:
    races.finish(racers)
    assert [r.error for r in racers if r.error] == []


@pytest.mark.django_db(transaction=True)
def test_twenty_people_racing_for_the_last_place(user_with_role):
    """Pins the event row lock in `register`: without it all twenty read "one place left"."""
    assert connection.vendor == "postgresql"
    event = EventFactory(capacity=3)
    for _ in range(2):
        services.register(event, user=user_with_role(Role.PARENT), needs=Needs())
    people = [user_with_role(Role.PARENT) for _ in range(PEOPLE)]

    gate = Gate(AUDIT_TABLE).close()  # each booking stops at its audit row, after deciding
    racers = start([lambda p=p: services.register(event, user=p, needs=Needs()) for p in people])
    parked(PEOPLE, "every booking to wait at the gate or for the event")
    gate.open()
    finish(racers)

    racers = Registration.objects.filter(event=event, user__in=people)
    confirmed = racers.filter(status=RegistrationStatus.CONFIRMED)
    waiting = list(racers.filter(status=RegistrationStatus.WAITLISTED).order_by("waitlist_number"))
    assert confirmed.count() == 1
    assert len(waiting) == PEOPLE - 1
    # Queue numbers are 1..19 with no gaps or repeats, in the order the registrations were made.
    assert [r.waitlist_number for r in waiting] == list(range(1, PEOPLE))
    assert [r.registered_at for r in waiting] == sorted(r.registered_at for r in waiting)
    assert [services.waitlist_position(r) for r in waiting] == list(range(1, PEOPLE))
    assert Registration.objects.filter(event=event).holding_places().count() == event.capacity
    assert Notification.objects.filter(kind="events/confirmed", recipient__in=people).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_places_freed_at_once_promote_two_different_people(user_with_role):
    """Pins the locks that make promotions take turns (the event row, and the waiting rows
    chosen FOR UPDATE): without them both cancellations promote the same first person."""
    event = EventFactory(capacity=2)
    holders = [user_with_role(Role.PARENT) for _ in range(2)]
    waiting = [user_with_role(Role.PARENT) for _ in range(3)]
    held = [services.register(event, user=p, needs=Needs()) for p in holders]
    for p in waiting:
        services.register(event, user=p, needs=Needs())

    gate = Gate(OUTBOX_TABLE).close()  # each cancellation stops at the message it sends
    racers = start(
        [
            lambda r=r, p=p: services.cancel_registration(r, by=p)
            for r, p in zip(held, holders, strict=True)
        ]
    )
    parked(2, "both cancellations to wait at the gate or behind the other")
    gate.open()
    finish(racers)

    statuses = [Registration.objects.get(event=event, user=p).status for p in waiting]
    assert statuses == ["confirmed", "confirmed", "waitlisted"]
    promoted = Notification.objects.filter(kind="events/promoted")
    assert sorted(n.recipient_id for n in promoted) == sorted(p.pk for p in waiting[:2])


@pytest.mark.django_db(transaction=True)
def test_a_place_freed_while_someone_books_is_not_left_empty(user_with_role):
    """Pins the event row lock in `cancel_registration`: without it the booking counts the
    place as taken (the cancellation is not committed yet) and joins the waiting list, while
    the cancellation finds nobody waiting (the booking is not committed yet): an empty place
    with a person waiting for it."""
    event = EventFactory(capacity=1)
    holder, newcomer = user_with_role(Role.PARENT), user_with_role(Role.PARENT)
    held = services.register(event, user=holder, needs=Needs())

    audit_gate = Gate(AUDIT_TABLE).close()
    outbox_gate = Gate(OUTBOX_TABLE).close()
    barrier = threading.Barrier(1)
    cancelling = Racer(lambda: services.cancel_registration(held, by=holder), barrier)
    cancelling.start()
    parked(1, "the cancellation to stop at its audit row")
    booking = Racer(
        lambda: services.register(event, user=newcomer, needs=Needs()), threading.Barrier(1)
    )
    booking.start()
    parked(2, "the booking to wait for the event or at its audit row")
    audit_gate.open()
    cancelling.join(timeout=60)  # the cancellation ends while the booking is still open
    outbox_gate.open()
    finish([cancelling, booking])

    mine = Registration.objects.get(event=event, user=newcomer)
    assert mine.status == RegistrationStatus.CONFIRMED
    assert Registration.objects.filter(event=event).holding_places().count() == 1
    assert Notification.objects.filter(kind="events/confirmed", recipient=newcomer).count() == 1
