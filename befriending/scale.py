"""Befriending's part of `manage.py seed_scale`: volunteers, ten years of matches and the
volunteers' contact logs.

Most volunteers are active; some are on a break or have left, and a few are still being
vetted. Matches start through the ten years and last about a year (the recent ones are still
running); each has its contact logs, about every three weeks while it runs.
"""

import random
from datetime import timedelta

from django.utils import timezone

from pace_site.scale import BATCH, scale_email, span
from participation.models import Parent

from .models import Befriender, ContactLog, Match

REGIONS = ["Leeds", "Bradford", "Sheffield", "York", "Manchester", "Liverpool", "Hull"]
STATUSES = ["active"] * 12 + ["paused"] * 2 + ["left"] * 3 + ["applied", "interviewed", "trained"]


def seed_scale(*, size, stdout) -> None:
    if Befriender.objects.filter(email=scale_email("befriender", 0)).exists():
        stdout.write("befriending: scale volunteers already there\n")
        return
    rng = random.Random(18)
    today = timezone.localdate()
    start, days = span(today)
    befrienders = Befriender.objects.bulk_create(
        (
            Befriender(
                name=f"Volunteer {n}",
                email=scale_email("befriender", n),
                region=rng.choice(REGIONS),
                status=rng.choice(STATUSES),
                applied_on=start + timedelta(days=rng.randint(0, days)),
                dbs_issued_on=today - timedelta(days=rng.randint(0, 1200)),
            )
            for n in range(size.befrienders)
        ),
        batch_size=BATCH,
    )
    parent_ids = list(
        Parent.objects.filter(user__email__endswith="@scale.pace.example").values_list(
            "pk", flat=True
        )
    )
    matches = _matches(rng, size, befrienders, parent_ids, start, days, today)
    logs = _contact_logs(rng, size, matches, today)
    stdout.write(
        f"befriending: {len(befrienders)} volunteers, {len(matches)} matches, {logs} logs\n"
    )


def _matches(rng, size, befrienders, parent_ids, start, days, today) -> list[Match]:
    matches = []
    matched = set()  # a parent has one match under way at most
    for _n in range(max(1, size.contact_logs // 12)):
        started = start + timedelta(days=rng.randint(0, days - 1))
        planned = started + timedelta(days=365)
        ended = started + timedelta(days=rng.randint(190, 540))
        is_over = ended < today
        parent_id = rng.choice(parent_ids)
        if not is_over:
            if parent_id in matched:
                continue
            matched.add(parent_id)
        matches.append(
            Match(
                befriender=rng.choice(befrienders),
                parent_id=parent_id,
                status="ended" if is_over else "active",
                introduction_on=started,
                started_on=started,
                planned_end_on=planned,
                ended_on=ended if is_over else None,
                ending_reason=rng.choice(["planned", "planned", "parent", "volunteer"])
                if is_over
                else "",
            )
        )
    return Match.objects.bulk_create(matches, batch_size=BATCH)


def _contact_logs(rng, size, matches, today) -> int:
    per_match = size.contact_logs / len(matches)
    logs = []
    for match in matches:
        last = match.ended_on or today
        length = max(1, (last - match.started_on).days)
        count = max(1, round(per_match))
        for k in range(count):
            logs.append(
                ContactLog(
                    match=match,
                    happened_on=match.started_on + timedelta(days=int(length * k / count)),
                    duration_minutes=rng.choice([20, 30, 45, 60, 90]),
                    method=rng.choice(["phone", "meeting", "message"]),
                    parent_mood=rng.choice(["well", "okay", "okay", "low", "worried"]),
                )
            )
    logs = logs[: size.contact_logs]
    ContactLog.objects.bulk_create(logs, batch_size=BATCH)
    return len(logs)
