"""Demo data: a year of the support line's tally, about a dozen contacts a month, written
directly (no audit rows for demo data). Idempotent: the tally is made once."""

import random
from datetime import timedelta

from django.utils import timezone

from pace_site.accounts.roles import Role

from .models import Caller, Concern, ContactChannel, ReferredTo, SupportContact

REGIONS = ["Leeds", "Bradford", "Sheffield", "Manchester", "York", ""]


def seed_demo(*, users, stdout) -> None:
    if SupportContact.objects.exists():
        return
    rng = random.Random(2026)  # noqa: S311 - demo figures, not secrets
    today = timezone.localdate()
    by = users.get(Role.PARTICIPATION_MANAGER)
    rows = [
        SupportContact(
            happened_on=today - timedelta(days=rng.randrange(0, 365)),
            channel=rng.choices(ContactChannel.values, weights=[60, 20, 10, 7, 3])[0],
            caller=rng.choices(Caller.values, weights=[70, 12, 15, 3])[0],
            concern=rng.choices(Concern.values, weights=[35, 40, 10, 12, 3])[0],
            region=rng.choice(REGIONS),
            minutes=rng.randint(5, 75),
            first_contact=rng.random() < 0.4,
            referred_to=rng.choices(ReferredTo.values, weights=[55, 15, 12, 8, 10])[0],
            recorded_by=by,
        )
        for _ in range(150)
    ]
    SupportContact.objects.bulk_create(rows)
    stdout.write(f"Support line: {len(rows)} contacts over the last year.")
