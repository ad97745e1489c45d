"""Places under load, on PostgreSQL: the last place goes to exactly one person."""

import threading

import pytest
from django.db import connection

from events import services
from events.models import Registration, RegistrationStatus
from events.services import Needs
from pace_site.accounts.roles import Role
from pace_site.notifications.models import Notification

from .factories import EventFactory

PEOPLE = 20


def _race(targets):
    """Run each target in its own thread with its own database connection, opened before a
    barrier releases them all at once (otherwise connecting would spread them out)."""
    barrier = threading.Barrier(len(targets))
    errors = []

    def run(target):
        try:
            connection.ensure_connection()
            barrier.wait(timeout=30)
            target()
        except Exception as error:  # reported by the test below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


@pytest.mark.django_db(transaction=True)
def test_twenty_people_racing_for_the_last_place(user_with_role):
    event = EventFactory(capacity=3)
    for _ in range(2):
        services.register(event=event, user=user_with_role(Role.PARENT), needs=Needs())
    people = [user_with_role(Role.PARENT) for _ in range(PEOPLE)]

    errors = _race(
        [lambda p=p: services.register(event=event, user=p, needs=Needs()) for p in people]
    )

    assert errors == []
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
    event = EventFactory(capacity=2)
    holders = [user_with_role(Role.PARENT) for _ in range(2)]
    waiting = [user_with_role(Role.PARENT) for _ in range(3)]
    held = [services.register(event=event, user=p, needs=Needs()) for p in holders]
    for p in waiting:
        services.register(event=event, user=p, needs=Needs())

    errors = _race(
        [
            lambda r=r, p=p: services.cancel_registration(registration=r, by=p)
            for r, p in zip(held, holders, strict=True)
        ]
    )

    assert errors == []
    statuses = [Registration.objects.get(event=event, user=p).status for p in waiting]
    assert statuses == ["confirmed", "confirmed", "waitlisted"]
    promoted = Notification.objects.filter(kind="events/promoted")
    assert sorted(n.recipient_id for n in promoted) == sorted(p.pk for p in waiting[:2])
