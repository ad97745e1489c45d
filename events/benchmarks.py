"""Benchmark data for scripts/bench.py: a person whose calendar feed holds 200 events."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from pace_site.accounts.roles import Role
from pace_site.demo import ensure_user

BENCH_EMAIL = "bench-calendar@bench.pace.example"
BENCH_TITLE = "Benchmark network day"
EVENTS = 200


def prepare(stdout) -> list[tuple[str, str]]:
    """Create (once) a parent with 200 confirmed events; return the feed's path to measure."""
    from .models import Event, EventKind, Registration, RegistrationStatus
    from .services import calendar_feed_for

    with transaction.atomic():
        user = ensure_user(BENCH_EMAIL, "Bench", Role.PARENT, can_sign_in=False)
        have = Registration.objects.filter(user=user, event__title__startswith=BENCH_TITLE).count()
        now = timezone.now()
        for n in range(have, EVENTS):
            starts = now + timedelta(days=7 + n, hours=n % 5)
            event = Event.objects.create(
                kind=EventKind.NETWORK_DAY,
                title=f"{BENCH_TITLE} {n + 1}",
                description="Benchmark event.",
                region="Leeds",
                starts_at=starts,
                ends_at=starts + timedelta(hours=5),
                venue_name="Bench Hall",
                venue_address="1 Bench Street\nLeeds",
                capacity=30,
                registration_opens_at=now - timedelta(days=1),
                registration_closes_at=starts - timedelta(days=1),
                published_at=now,
            )
            Registration.objects.create(
                event=event, user=user, status=RegistrationStatus.CONFIRMED, confirmed_at=now
            )
        feed = calendar_feed_for(user)
    stdout.write(f"events: {EVENTS} events in the benchmark person's calendar feed\n")
    return [(f"calendar feed, {EVENTS} events", f"/calendar/{feed.token}.ics")]
