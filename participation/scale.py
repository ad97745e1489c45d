"""Participation's part of `manage.py seed_scale`: parents over ten years and their check-ins.

Most parents are active; some are on a break (with the open pause that says so), some have
left. Each parent's check-ins run from the day they joined to today (or the day they left),
about as often as their cadence says, so ten years of them add up to `size.check_ins`. A few
asked for a call; the recent ones of those are still waiting for it.
"""

import random
from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from pace_site.accounts.models import User
from pace_site.accounts.roles import Role
from pace_site.scale import BATCH, aware, scale_email, shared_password_hash, span

from .models import CheckIn, Parent, ParentStatus, Pause

REGIONS = ["Leeds", "Bradford", "Sheffield", "York", "Manchester", "Liverpool", "Hull"]
NAMES = ["Sam", "Jo", "Alex", "Chris", "Kim", "Lee", "Pat", "Robin", "Sky", "Dee", "Max", "Ash"]
WORDS = [
    "A hard week, but we got through it.",
    "Things are calmer at home.",
    "Worried about the court date.",
    "Had a good talk with my son.",
]


def seed_scale(*, size, stdout) -> None:
    if Parent.objects.filter(user__email=scale_email("parent", 0)).exists():
        stdout.write("participation: scale parents already there\n")
        return
    rng = random.Random(18)
    today = timezone.localdate()
    start, days = span(today)
    parents = _parents(rng, size, start, days, today)
    check_ins = _check_ins(rng, size, parents, today)
    stdout.write(f"participation: {len(parents)} parents, {check_ins} check-ins\n")


def _parents(rng, size, start, days, today) -> list[Parent]:
    password = shared_password_hash()
    users = User.objects.bulk_create(
        (
            User(email=scale_email("parent", n), display_name=rng.choice(NAMES), password=password)
            for n in range(size.parents)
        ),
        batch_size=BATCH,
    )
    group = Group.objects.get(name=Role.PARENT)
    User.groups.through.objects.bulk_create(
        (User.groups.through(user_id=user.pk, group_id=group.pk) for user in users),
        batch_size=BATCH,
    )
    parents = []
    for n, user in enumerate(users):
        roll = rng.random()
        status = (
            ParentStatus.LEFT
            if roll < 0.12
            else ParentStatus.PAUSED
            if roll < 0.2
            else ParentStatus.ACTIVE
        )
        # More parents joined in later years: the programme grew.
        joined = start + timedelta(days=int(days * (1 - rng.random() ** 1.6)))
        every = rng.choice([2, 4, 4, 4, 6, 8])
        # Most are up to date; about one in twenty is overdue by up to two months.
        due = today + timedelta(days=rng.randint(0, every * 7))
        if rng.random() < 0.05:
            due = today - timedelta(days=rng.randint(1, 60))
        parents.append(
            Parent(
                user=user,
                preferred_name=f"{rng.choice(NAMES)} {n}",
                region=rng.choice(REGIONS),
                joined_on=joined,
                status=status,
                check_in_every_weeks=every,
                check_in_due_on=None if status == ParentStatus.LEFT else due,
            )
        )
    parents = Parent.objects.bulk_create(parents, batch_size=BATCH)
    Pause.objects.bulk_create(
        (
            Pause(
                parent=parent,
                started_on=today - timedelta(days=rng.randint(7, 120)),
                planned_end_on=today + timedelta(days=rng.randint(7, 90)),
                started_by=rng.choice(["parent", "manager"]),
            )
            for parent in parents
            if parent.status == ParentStatus.PAUSED
        ),
        batch_size=BATCH,
    )
    return parents


def _check_ins(rng, size, parents, today) -> int:
    spans = []
    for parent in parents:
        last = today - timedelta(days=rng.randint(30, 700)) if parent.status == "left" else today
        spans.append((parent, parent.joined_on, max(1, (last - parent.joined_on).days)))
    total_days = sum(days for _parent, _first, days in spans)
    made, batch = 0, []
    for parent, first, days in spans:
        count = max(1, round(size.check_ins * days / total_days))
        step = days / count
        for k in range(count):
            day = first + timedelta(days=int(k * step))
            wants_call = rng.random() < 0.01
            words = rng.choice(WORDS) if rng.random() < 0.1 else ""
            happened = aware(day, rng.randint(9, 17), rng.randint(0, 59))
            batch.append(
                CheckIn(
                    parent=parent,
                    happened_at=happened,
                    channel=rng.choice(["phone", "phone", "email", "in_person", "self_update"]),
                    kind="regular",
                    wellbeing=rng.randint(1, 5),
                    words=words,
                    wants_call=wants_call,
                    follow_up_done_at=(None if wants_call and (today - day).days < 30 else happened)
                    if wants_call
                    else None,
                    next_due_on=day + timedelta(weeks=parent.check_in_every_weeks),
                )
            )
            if len(batch) >= BATCH:
                CheckIn.objects.bulk_create(batch)
                made, batch = made + len(batch), []
    CheckIn.objects.bulk_create(batch)
    return made + len(batch)
