from datetime import timedelta

import factory
from django.utils import timezone

from events.models import Audience, Event, EventKind, Registration, RegistrationStatus


def soon(days=14, hour=10):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(
        timezone.datetime.combine(day, timezone.datetime.min.time())
    ).replace(hour=hour)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = EventKind.NETWORK_DAY
    title = factory.Sequence(lambda n: f"Parent Network Day {n}")
    description = "A day with other parents."
    audience = Audience.PARENTS
    region = "Leeds"
    starts_at = factory.LazyFunction(lambda: soon(14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=5))
    venue_name = "Leeds Community Hall"
    venue_address = "1 Secret Street\nLeeds LS1 1AA"
    capacity = 10
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    registration_closes_at = factory.LazyAttribute(lambda o: o.starts_at - timedelta(days=1))
    published_at = factory.LazyFunction(timezone.now)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    status = RegistrationStatus.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)
