"""Events' part of `manage.py seed_scale`: ten years of events and their registrations.

Events are spread over the ten years (a few still to come); each has about fifty
registrations from the parents made by participation's part: past events mostly attended,
some did not come or cancelled; events to come confirmed, with a waiting list when full.
"""

import random
from datetime import timedelta

from django.utils import timezone

from pace_site.scale import BATCH, aware, span
from participation.models import Parent

from .models import Event, Registration

REGIONS = ["Leeds", "Bradford", "Sheffield", "York", "Manchester"]
TITLE = "Network day (scale)"


def seed_scale(*, size, stdout) -> None:
    if Event.objects.filter(title__startswith=TITLE).exists():
        stdout.write("events: scale events already there\n")
        return
    rng = random.Random(18)
    today = timezone.localdate()
    start, days = span(today)
    user_ids = list(
        Parent.objects.filter(user__email__endswith="@scale.pace.example").values_list(
            "user_id", flat=True
        )
    )
    events = []
    for n in range(size.events):
        # The last few are still to come.
        day = start + timedelta(days=int((days + 90) * (n + 0.5) / size.events))
        events.append(
            Event(
                title=f"{TITLE} {n + 1}",
                description="A day together with other parents.",
                region=rng.choice(REGIONS),
                starts_at=aware(day, 10),
                ends_at=aware(day, 15),
                venue_name="Community hall",
                venue_address="1 High Street",
                capacity=60,
                registration_opens_at=aware(day - timedelta(days=60)),
                registration_closes_at=aware(day - timedelta(days=1)),
                published_at=aware(day - timedelta(days=60)),
            )
        )
    events = Event.objects.bulk_create(events, batch_size=BATCH)
    per_event = max(1, size.registrations // size.events)
    registrations = []
    for event in events:
        is_past = event.starts_at.date() < today
        for k, user_id in enumerate(rng.sample(user_ids, min(per_event, len(user_ids)))):
            waiting = not is_past and k >= event.capacity
            status = (
                rng.choice(["attended"] * 6 + ["did_not_attend", "cancelled"])
                if is_past
                else "waitlisted"
                if waiting
                else "confirmed"
            )
            registrations.append(
                Registration(
                    event=event,
                    user_id=user_id,
                    status=status,
                    waitlist_number=k - event.capacity + 1 if waiting else None,
                    registered_at=event.registration_opens_at + timedelta(days=rng.randint(0, 50)),
                    confirmed_at=None if waiting else event.registration_opens_at,
                    cancelled_at=event.starts_at - timedelta(days=2)
                    if status == "cancelled"
                    else None,
                )
            )
    Registration.objects.bulk_create(registrations, batch_size=BATCH)
    stdout.write(f"events: {len(events)} events, {len(registrations)} registrations\n")
