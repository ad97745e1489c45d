"""Registering, the waiting list, cancelling and promotion, and bad input (services)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from events import services
from events.models import EventKind, EventStatus, Registration, RegistrationStatus
from events.services import EventError, Needs
from pace_site.accounts.roles import Role
from pace_site.notifications.models import Notification

from .factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def parents(user_with_role):
    return [user_with_role(Role.PARENT) for _ in range(4)]


def test_places_are_confirmed_until_full_then_waitlisted_in_order(parents):
    event = EventFactory(capacity=2)
    results = [services.register(event, user=p, needs=Needs()) for p in parents]
    assert [r.status for r in results] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [services.waitlist_position(r) for r in results] == [None, None, 1, 2]
    kinds = list(Notification.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["events/confirmed"] * 2 + ["events/waitlisted"] * 2
    assert set(Notification.objects.values_list("category", flat=True)) == {"logistics"}


def test_needs_are_kept_encrypted(parents):
    event = EventFactory()
    registration = services.register(
        event,
        user=parents[0],
        needs=Needs(dietary_needs="No nuts", access_needs="Wheelchair", photo_consent=True),
    )
    registration.refresh_from_db()
    assert registration.dietary_needs == "No nuts"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT dietary_needs, access_needs FROM events_registration WHERE id = %s",
            [registration.pk],
        )
        raw = cursor.fetchone()
    assert "No nuts" not in raw[0] and "Wheelchair" not in raw[1]


def test_cancelling_a_place_promotes_the_first_waiting_once(
    parents, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    first, second, third = (services.register(event, user=p, needs=Needs()) for p in parents[:3])
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(first, by=parents[0])
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED and second.promoted_at is not None
    assert third.status == RegistrationStatus.WAITLISTED
    assert services.waitlist_position(third) == 1
    promoted = Notification.objects.filter(kind="events/promoted")
    assert [n.recipient for n in promoted] == [parents[1]]

    # Cancelling again is done already: it changes nothing and promotes nobody else.
    services.cancel_registration(first, by=parents[0])
    third.refresh_from_db()
    assert third.status == RegistrationStatus.WAITLISTED
    assert Notification.objects.filter(kind="events/promoted").count() == 1
    assert event.registrations.holding_places().count() == 1


def test_leaving_the_waiting_list_promotes_nobody(parents):
    event = EventFactory(capacity=1)
    services.register(event, user=parents[0], needs=Needs())
    waiting = services.register(event, user=parents[1], needs=Needs())
    last = services.register(event, user=parents[2], needs=Needs())
    services.cancel_registration(waiting, by=parents[1])
    last.refresh_from_db()
    assert last.status == RegistrationStatus.WAITLISTED
    assert services.waitlist_position(last) == 1
    assert not Notification.objects.filter(kind="events/promoted").exists()


def test_more_places_go_to_the_waiting_list(parents, users):
    event = EventFactory(capacity=1)
    regs = [services.register(event, user=p, needs=Needs()) for p in parents[:3]]
    services.set_capacity(event, capacity=2, by=users[Role.PARTICIPATION_MANAGER])
    statuses = [Registration.objects.get(pk=r.pk).status for r in regs]
    assert statuses == ["confirmed", "confirmed", "waitlisted"]
    with pytest.raises(EventError, match="already have a place"):
        services.set_capacity(event, capacity=1, by=users[Role.PARTICIPATION_MANAGER])


def _rejected(event, user, needs, message):
    before = (Registration.objects.count(), Notification.objects.count())
    with pytest.raises(EventError, match=message):
        services.register(event, user=user, needs=needs)
    assert (Registration.objects.count(), Notification.objects.count()) == before


def test_registering_after_closing_is_refused(parents):
    event = EventFactory(registration_closes_at=timezone.now() - timedelta(minutes=1))
    _rejected(event, parents[0], Needs(), "has closed")


def test_registering_before_opening_is_refused(parents):
    event = EventFactory(registration_opens_at=timezone.now() + timedelta(days=1))
    _rejected(event, parents[0], Needs(), "not opened yet")


def test_registering_twice_is_refused(parents):
    event = EventFactory()
    services.register(event, user=parents[0], needs=Needs())
    _rejected(event, parents[0], Needs(), "already registered")


def test_registering_for_a_cancelled_event_is_refused(parents, users):
    event = EventFactory()
    services.cancel_event(event, by=users[Role.PARTICIPATION_MANAGER])
    _rejected(event, parents[0], Needs(), "cancelled")


def test_registering_for_an_event_not_for_you_is_refused(user_with_role):
    event = EventFactory()
    _rejected(event, user_with_role(Role.BEFRIENDER), Needs(), "not open to you")
    unpublished = EventFactory(published_at=None)
    _rejected(unpublished, user_with_role(Role.PARENT), Needs(), "not open to you")


@pytest.mark.parametrize(
    ("amount", "message"),
    [(Decimal("-5"), "less than £0"), (Decimal("100000"), "up to £500")],
)
def test_absurd_travel_amounts_are_refused(parents, amount, message):
    _rejected(EventFactory(), parents[0], Needs(travel_support_requested=amount), message)


def test_travel_when_not_offered_is_refused(parents):
    event = EventFactory(travel_support_offered=False)
    _rejected(event, parents[0], Needs(travel_support_requested=Decimal("10")), "not offered")


def test_oversized_needs_are_refused(parents):
    _rejected(EventFactory(), parents[0], Needs(dietary_needs="x" * 5000), "under 1000")


def test_residential_needs_sensible_days(parents):
    starts = timezone.now() + timedelta(days=30)
    event = EventFactory(
        kind=EventKind.RESIDENTIAL, starts_at=starts, ends_at=starts + timedelta(days=2)
    )
    first = timezone.localtime(event.starts_at).date()
    _rejected(event, parents[0], Needs(), "arrive")
    _rejected(
        event,
        parents[0],
        Needs(arrival_on=first + timedelta(days=1), departure_on=first),
        "after the day you arrive",
    )
    _rejected(
        event,
        parents[0],
        Needs(arrival_on=first - timedelta(days=3), departure_on=first),
        "Please choose days in that range",
    )
    ok = services.register(
        event,
        user=parents[0],
        needs=Needs(
            arrival_on=first, departure_on=first + timedelta(days=2), room_preference="own_room"
        ),
    )
    assert ok.nights == 2


def test_the_database_refuses_what_the_services_refuse(parents):
    event = EventFactory()
    Registration.objects.create(event=event, user=parents[0], status="confirmed")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=event, user=parents[0], status="confirmed")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=event, user=parents[1], status="waitlisted")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=event, user=parents[2], status="confirmed", travel_support_requested=-1
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(capacity=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(ends_at=event.starts_at - timedelta(hours=1), starts_at=event.starts_at)


def test_cancelling_an_event_tells_everyone_and_bumps_the_sequence(parents, users):
    event = EventFactory(capacity=1)
    for p in parents[:3]:
        services.register(event, user=p, needs=Needs())
    before = event.sequence
    Notification.objects.all().delete()
    services.cancel_event(event, by=users[Role.PARTICIPATION_MANAGER])
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED and event.sequence == before + 1
    told = Notification.objects.filter(kind="events/event_cancelled")
    assert {n.recipient for n in told} == set(parents[:3])
    services.cancel_event(event, by=users[Role.PARTICIPATION_MANAGER])  # done already
    assert Notification.objects.filter(kind="events/event_cancelled").count() == 3
    # Cancelling a place on a cancelled event promotes nobody.
    services.cancel_registration(
        Registration.objects.get(event=event, user=parents[0]), by=parents[0]
    )
    assert not Notification.objects.filter(kind="events/promoted").exists()


def test_travel_approval(parents, users):
    manager = users[Role.PARTICIPATION_MANAGER]
    registration = services.register(
        EventFactory(),
        user=parents[0],
        needs=Needs(travel_support_requested=Decimal("40")),
    )
    for bad in (Decimal("-1"), Decimal("9999")):
        with pytest.raises(EventError):
            services.approve_travel(registration, amount=bad, by=manager)
    registration.refresh_from_db()
    assert registration.travel_support_approved is None
    services.approve_travel(registration, amount=Decimal("35"), by=manager)
    registration.refresh_from_db()
    assert registration.travel_support_approved == Decimal("35")
    assert registration.travel_approved_by == manager
    none_asked = services.register(EventFactory(), user=parents[1], needs=Needs())
    with pytest.raises(EventError, match="did not ask"):
        services.approve_travel(none_asked, amount=Decimal("5"), by=manager)
