"""Ten years of records for measuring (`manage.py seed_scale`, development and benchmarks only).

The platform imports no app: each app with records to add defines `seed_scale(*, size, stdout)`
on its AppConfig (in INSTALLED_APPS order, so the parents exist before the apps that use them).
Every account made here has one shared password hash (hashed once) and an address at
SCALE_DOMAIN, so the set can be found again and is never confused with real people.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.management.base import OutputWrapper
from django.utils import timezone

SCALE_DOMAIN = "scale.pace.example"
YEARS = 10
BATCH = 2000


@dataclass(frozen=True)
class Size:
    """How many of each record to make."""

    name: str
    parents: int
    check_ins: int
    befrienders: int
    contact_logs: int
    events: int
    registrations: int


SIZES = {
    # For the query-count tests: enough rows that a list that grows with them shows it.
    "small": Size("small", 300, 6_000, 60, 600, 30, 1_500),
    "medium": Size("medium", 2_000, 40_000, 400, 4_000, 200, 10_000),
    # What the issue asks for: ten years of a large programme.
    "full": Size("full", 10_000, 200_000, 2_000, 20_000, 1_000, 50_000),
}


def scale_email(kind: str, n: int) -> str:
    return f"{kind}-{n}@{SCALE_DOMAIN}"


_PASSWORD_HASH: dict[str, str] = {}


def shared_password_hash() -> str:
    """One hash for every account made here: hashing is slow on purpose, and these accounts
    only exist on development and benchmark databases."""
    if "hash" not in _PASSWORD_HASH:
        from pace_site.demo import DEMO_PASSWORD

        _PASSWORD_HASH["hash"] = make_password(DEMO_PASSWORD)
    return _PASSWORD_HASH["hash"]


def aware(day: datetime.date, hour: int = 11, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def span(today: datetime.date) -> tuple[datetime.date, int]:
    """The first day of the ten years and their length in days."""
    start = today.replace(year=today.year - YEARS)
    return start, (today - start).days


def seed_scale(size: Size, stdout: OutputWrapper) -> None:
    """Every app's part, in one transaction."""
    from django.apps import apps
    from django.db import transaction

    with transaction.atomic():
        for config in apps.get_app_configs():
            seeder = getattr(config, "seed_scale", None)
            if seeder:
                seeder(size=size, stdout=stdout)
