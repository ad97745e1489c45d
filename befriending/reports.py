"""Befriending's section of the outcomes report (pace_site.outcomes.reports): referrals and
time to match, matches and their length, endings by reason, reviews on time. Each table is one
aggregate query.
"""

import datetime

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q

from pace_site.outcomes.reports.registry import ReportFilters, Table, register_section

from .models import EndingReason, Match, MatchStatus, Referral, Review

DAYS = ExpressionWrapper(F("started_on") - F("referral__referred_on"), output_field=DurationField())
LENGTH = ExpressionWrapper(F("ended_on") - F("started_on"), output_field=DurationField())


def _days(value: datetime.timedelta | None) -> str | None:
    return None if value is None else f"{value.days} days"


def _weeks(value: datetime.timedelta | None) -> str | None:
    return None if value is None else f"{round(value.days / 7)} weeks"


def _matches(filters: ReportFilters):
    matches = Match.objects.all()
    if filters.region:
        matches = matches.filter(referral__region__iexact=filters.region)
    return matches


def referrals_table(filters: ReportFilters) -> Table:
    referrals = Referral.objects.filter(
        referred_on__gte=filters.starts_on, referred_on__lte=filters.ends_on
    )
    if filters.region:
        referrals = referrals.filter(region__iexact=filters.region)
    counts = referrals.aggregate(
        received=Count("pk"),
        matched=Count("pk", filter=Q(status="matched")),
        waiting=Count("pk", filter=Q(status="waiting")),
    )
    started = (
        _matches(filters)
        .filter(started_on__gte=filters.starts_on, started_on__lte=filters.ends_on)
        .aggregate(
            started=Count("pk"),
            wait=Avg(DAYS, filter=Q(referral__isnull=False)),
            length=Avg(LENGTH, filter=Q(ended_on__isnull=False)),
        )
    )
    return Table(
        title="Referrals and matches",
        columns=["Befriending", "Number", "Average time"],
        kinds=["people", "plain"],
        rows=[
            ["Referrals received", counts["received"], None],
            ["Of those, matched", counts["matched"], None],
            ["Of those, still waiting", counts["waiting"], None],
            ["Matches started", started["started"], _days(started["wait"])],
        ],
        note="Average time: from referral to the start of the match.",
    )


def matches_table(filters: ReportFilters) -> Table:
    live = Q(started_on__lte=filters.ends_on) & (
        Q(ended_on__isnull=True) | Q(ended_on__gte=filters.starts_on)
    )
    ended = Q(ended_on__gte=filters.starts_on, ended_on__lte=filters.ends_on)
    counts = _matches(filters).aggregate(
        active=Count("pk", filter=live & ~Q(status=MatchStatus.PROPOSED)),
        ended=Count("pk", filter=ended),
        length=Avg(LENGTH, filter=ended),
        **{
            reason: Count("pk", filter=ended & Q(ending_reason=reason))
            for reason in EndingReason.values
        },
    )
    rows = [[f"Ended: {label}", counts[value]] for value, label in EndingReason.choices]
    return Table(
        title="Endings by reason",
        columns=["Matches that ended", "Number"],
        kinds=["breakdown"],
        rows=rows,
        note=(
            f"Matches active in the period: {_count(counts['active'])}; ended in the period: "
            f"{_count(counts['ended'])}, lasting {_weeks(counts['length']) or '–'} on average."
        ),
    )


def _count(value: int) -> str:
    from pace_site.outcomes.reports.suppression import people

    return str(people(value))


def reviews_table(filters: ReportFilters) -> Table:
    reviews = Review.objects.filter(due_on__gte=filters.starts_on, due_on__lte=filters.ends_on)
    if filters.region:
        reviews = reviews.filter(match__referral__region__iexact=filters.region)
    counts = reviews.aggregate(
        due=Count("pk"),
        done=Count("pk", filter=Q(completed_on__isnull=False)),
        on_time=Count("pk", filter=Q(completed_on__lte=F("due_on"))),
    )
    return Table(
        title="Reviews",
        columns=["Reviews", "Number"],
        rows=[
            ["Due in the period", counts["due"]],
            ["Of those, done", counts["done"]],
            ["Of those, done by the day they were due", counts["on_time"]],
        ],
        chart=False,
    )


def build_befriending(filters: ReportFilters) -> list[Table]:
    return [referrals_table(filters), matches_table(filters), reviews_table(filters)]


def register() -> None:
    register_section(
        "befriending",
        title="Befriending",
        programme="befriending",
        build=build_befriending,
        order=20,
    )
