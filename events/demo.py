"""Demo events for `manage.py seed_demo`: past and upcoming network days, a residential weekend,
registrations with needs and a waiting list. Idempotent: events are found by title. The people
who book are the demo's parents (`participation.demo.cast()`: participation seeds first)."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from participation.demo import cast

from .models import (
    AgendaItem,
    Answer,
    Audience,
    Event,
    EventKind,
    Feedback,
    Registration,
    RegistrationStatus,
    RoomPreference,
)

# Parents of the demo cast who fill places and the waiting list (besides Sam, who signs in).
BOOKING_PARENTS = ["Amira", "Beth", "Carla", "Eilidh", "Fatima"]

NETWORK_DAY = (
    "A day with other parents who know what it is like. Talks from parents and Pace staff, "
    "time to talk in small groups, lunch together. Come for all of it or part of it."
)
AGENDA = [
    (time(10, 0), "Arrive, tea and coffee"),
    (time(10, 30), "Welcome, and what is new at Pace"),
    (time(11, 15), "Small groups: what has helped us"),
    (time(12, 30), "Lunch"),
    (time(13, 30), "Talk: working with the police and children's services"),
    (time(15, 0), "Close"),
]


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _event(title: str, **fields) -> tuple[Event, bool]:
    event = Event.objects.filter(title=title).first()
    if event is not None:
        return event, False
    now = timezone.now()
    fields.setdefault("registration_opens_at", min(now, fields["starts_at"]) - timedelta(days=60))
    fields.setdefault("registration_closes_at", fields["starts_at"] - timedelta(days=2))
    fields.setdefault("published_at", fields["registration_opens_at"])
    event = Event.objects.create(title=title, **fields)
    return event, True


def _agenda(event: Event, items=AGENDA, day=1) -> None:
    for order, (at, title) in enumerate(items):
        AgendaItem.objects.create(event=event, starts_at=at, title=title, day=day, sort_order=order)


def _register(event, user, status, *, number=None, **needs) -> Registration:
    now = timezone.now()
    registration, _ = Registration.objects.get_or_create(
        event=event,
        user=user,
        defaults={
            "status": status,
            "waitlist_number": number,
            "confirmed_at": now if status != RegistrationStatus.WAITLISTED else None,
            **needs,
        },
    )
    return registration


def seed_demo(*, users, stdout) -> None:
    today = timezone.localdate()
    parents = cast()
    sam = parents["Sam"].user
    extra = [parents[name].user for name in BOOKING_PARENTS]
    venue = {"venue_address": "", "travel_support_offered": True}

    # Past network days, with attendance and feedback.
    for title, region, venue_name, weeks_ago in [
        ("Parent Network Day, Leeds", "Leeds", "Leeds Community Hall", 10),
        ("Parent Network Day, Newcastle", "Newcastle", "Newcastle Quayside Centre", 26),
    ]:
        day = today - timedelta(weeks=weeks_ago)
        event, created = _event(
            title,
            kind=EventKind.NETWORK_DAY,
            description=NETWORK_DAY,
            region=region,
            starts_at=_at(day, 10),
            ends_at=_at(day, 15, 30),
            venue_name=venue_name,
            capacity=25,
            **{**venue, "venue_address": f"1 Example Street\n{region}"},
        )
        if created:
            _agenda(event)
            for person, answers in zip(
                [sam, *extra[:3]],
                [
                    (Answer.YES, Answer.YES, Answer.A_LITTLE, ""),
                    (Answer.YES, Answer.YES, Answer.YES, "More time in small groups, please."),
                    (Answer.A_LITTLE, Answer.YES, Answer.A_LITTLE, ""),
                    (Answer.YES, Answer.A_LITTLE, Answer.NO, "The room was cold."),
                ],
                strict=True,
            ):
                registration = _register(event, person, RegistrationStatus.ATTENDED)
                Feedback.objects.get_or_create(
                    registration=registration,
                    defaults={
                        "felt_less_alone": answers[0],
                        "met_someone_who_understands": answers[1],
                        "more_confident": answers[2],
                        "anything_to_change": answers[3],
                    },
                )

    # An upcoming network day that is full, with a waiting list.
    day = today + timedelta(weeks=3)
    london, created = _event(
        "Parent Network Day, London",
        kind=EventKind.NETWORK_DAY,
        description=NETWORK_DAY,
        region="London",
        starts_at=_at(day, 10),
        ends_at=_at(day, 15, 30),
        venue_name="Southbank Meeting Rooms",
        venue_address="20 Example Road\nLondon SE1 0AA",
        capacity=3,
        travel_support_offered=True,
    )
    if created:
        _agenda(london)
        _register(
            london,
            extra[0],
            RegistrationStatus.CONFIRMED,
            dietary_needs="Vegetarian",
            travel_support_requested=Decimal("42.50"),
        )
        _register(
            london, extra[1], RegistrationStatus.CONFIRMED, access_needs="Step-free access, please"
        )
        _register(london, extra[2], RegistrationStatus.CONFIRMED, dietary_needs="No nuts")
        _register(london, extra[3], RegistrationStatus.WAITLISTED, number=1)
        _register(london, extra[4], RegistrationStatus.WAITLISTED, number=2)

    # An upcoming network day with places, that the demo parent has not booked yet.
    day = today + timedelta(weeks=9)
    birmingham, created = _event(
        "Parent Network Day, Birmingham",
        kind=EventKind.NETWORK_DAY,
        description=NETWORK_DAY,
        region="Birmingham",
        starts_at=_at(day, 10),
        ends_at=_at(day, 15, 30),
        venue_name="Digbeth Community Rooms",
        venue_address="5 Example Lane\nBirmingham B5 5AA",
        capacity=25,
    )
    if created:
        _agenda(birmingham)

    # A residential weekend, Friday to Sunday, that the demo parent has booked.
    friday = today + timedelta(weeks=6)
    friday += timedelta(days=(4 - friday.weekday()) % 7)
    residential, created = _event(
        "Residential support weekend, Peak District",
        kind=EventKind.RESIDENTIAL,
        description=(
            "Two nights away with other parents: rest, walks, support sessions and time for "
            "yourself. Rooms, meals and travel are paid for."
        ),
        region="Peak District",
        starts_at=_at(friday, 16),
        ends_at=_at(friday + timedelta(days=2), 14),
        venue_name="Hope Valley Retreat",
        venue_address="Example Lane\nHope Valley S33 0AA",
        capacity=12,
    )
    if created:
        _agenda(residential, [(time(16, 0), "Arrive and settle in"), (time(19, 0), "Dinner")], 1)
        _agenda(
            residential,
            [
                (time(10, 0), "Support session"),
                (time(14, 0), "Walk or rest"),
                (time(19, 0), "Dinner"),
            ],
            2,
        )
        _agenda(residential, [(time(10, 0), "Looking ahead together"), (time(13, 0), "Lunch")], 3)
        _register(
            residential,
            sam,
            RegistrationStatus.CONFIRMED,
            dietary_needs="Gluten free",
            arrival_on=friday,
            departure_on=friday + timedelta(days=2),
            room_preference=RoomPreference.HAPPY_TO_SHARE,
            travel_support_requested=Decimal("60.00"),
        )
        _register(
            residential,
            extra[1],
            RegistrationStatus.CONFIRMED,
            access_needs="Ground-floor room",
            arrival_on=friday,
            departure_on=friday + timedelta(days=1),
            room_preference=RoomPreference.OWN_ROOM,
        )

    # A public training day and a volunteers' evening.
    day = today + timedelta(weeks=5)
    _event(
        "Training: understanding child criminal exploitation",
        kind=EventKind.TRAINING,
        audience=Audience.PUBLIC,
        description=(
            "Half-day training for professionals, co-delivered by parents: how exploitation "
            "affects the whole family, and how to work with parents as partners."
        ),
        region="Manchester",
        starts_at=_at(day, 9, 30),
        ends_at=_at(day, 13),
        venue_name="Manchester Training Centre",
        capacity=40,
        travel_support_offered=False,
    )
    day = today + timedelta(weeks=4)
    _event(
        "Befrienders' evening",
        kind=EventKind.OTHER,
        audience=Audience.VOLUNTEERS,
        description="Meet other befrienders and the coordinators. Food provided.",
        region="Leeds",
        starts_at=_at(day, 18),
        ends_at=_at(day, 20),
        venue_name="Pace office",
        capacity=20,
        travel_support_offered=False,
    )
    stdout.write("  events: network days (Leeds, Newcastle, London, Birmingham), a residential")
