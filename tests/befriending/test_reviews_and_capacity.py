"""Review schedule on start and on a change of the planned end; the capacity limit."""

from datetime import date

import pytest

from befriending import services
from befriending.models import Match, MatchStatus, ReviewKind, ReviewOutcome, review_schedule
from tests.factories import ParentFactory

from .factories import BefrienderFactory, ReferralFactory, make_active_match

pytestmark = pytest.mark.django_db

START = date(2026, 3, 1)


def test_schedule_is_every_three_months_then_an_ending_review_four_weeks_before_the_end():
    assert review_schedule(START, date(2027, 3, 1)) == [
        (ReviewKind.REGULAR, date(2026, 6, 1)),
        (ReviewKind.REGULAR, date(2026, 9, 1)),
        (ReviewKind.REGULAR, date(2026, 12, 1)),
        (ReviewKind.ENDING, date(2027, 2, 1)),
    ]
    assert review_schedule(START, date(2026, 9, 1)) == [
        (ReviewKind.REGULAR, date(2026, 6, 1)),
        (ReviewKind.ENDING, date(2026, 8, 4)),
    ]


def _introduced_match():
    return Match.objects.create(
        befriender=BefrienderFactory(),
        parent=ParentFactory(),
        status=MatchStatus.INTRODUCED,
        introduction_on=date(2026, 2, 20),
    )


def _start(match, coordinator, planned_end_on=date(2027, 3, 1)):
    return services.start_match(
        match,
        started_on=START,
        planned_end_on=planned_end_on,
        how_often="Every week",
        contact_method="meeting",
        where="Library café",
        by=coordinator,
    )


def test_starting_a_match_schedules_its_reviews(users):
    match = _start(_introduced_match(), users["Befriending coordinator"])
    assert list(match.reviews.values_list("kind", "due_on")) == [
        ("regular", date(2026, 6, 1)),
        ("regular", date(2026, 9, 1)),
        ("regular", date(2026, 12, 1)),
        ("ending", date(2027, 2, 1)),
    ]


def test_changing_the_planned_end_reschedules_pending_reviews_and_keeps_completed_ones(users):
    coordinator = users["Befriending coordinator"]
    match = _start(_introduced_match(), coordinator)
    first = match.reviews.get(due_on=date(2026, 6, 1))
    services.complete_review(
        first,
        completed_on=date(2026, 6, 3),
        outcome=ReviewOutcome.EXTEND,
        next_steps="Both would like longer together.",
        by=coordinator,
    )
    services.change_planned_end(match, planned_end_on=date(2027, 9, 1), by=coordinator)
    rows = list(match.reviews.values_list("kind", "due_on", "completed_on"))
    assert rows == [
        ("regular", date(2026, 6, 1), date(2026, 6, 3)),
        ("regular", date(2026, 9, 1), None),
        ("regular", date(2026, 12, 1), None),
        ("regular", date(2027, 3, 1), None),
        ("regular", date(2027, 6, 1), None),
        ("ending", date(2027, 8, 4), None),
    ]
    # Shortening moves the ending review earlier and drops the reviews after it.
    services.change_planned_end(match, planned_end_on=date(2026, 9, 1), by=coordinator)
    assert list(match.reviews.values_list("kind", "due_on")) == [
        ("regular", date(2026, 6, 1)),
        ("ending", date(2026, 8, 4)),
    ]


def test_a_review_is_recorded_once(users):
    coordinator = users["Befriending coordinator"]
    match = make_active_match()
    review = match.reviews.first()
    services.complete_review(
        review, completed_on=START, outcome="continue", next_steps="", by=coordinator
    )
    with pytest.raises(services.BefriendingError, match="already"):
        services.complete_review(
            review, completed_on=START, outcome="change", next_steps="", by=coordinator
        )


def test_ending_a_match_cancels_its_pending_reviews(users):
    match = make_active_match()
    services.end_match(
        match,
        ended_on=match.started_on,
        reason="parent",
        summary="She wanted a break.",
        by=users["Befriending coordinator"],
    )
    assert not match.reviews.filter(completed_on__isnull=True).exists()
    match.refresh_from_db()
    assert (match.status, match.ending_reason) == ("ended", "parent")


# ---------------------------------------------------------------------------------------------
# Capacity


def test_a_befriender_gets_no_more_matches_than_the_coordinator_allows(users):
    coordinator = users["Befriending coordinator"]
    befriender = BefrienderFactory(max_active_matches=1)
    make_active_match(befriender=befriender)
    referral = ReferralFactory()

    with pytest.raises(services.BefriendingError, match="may have 1 at once"):
        services.propose_match(referral=referral, befriender=befriender, by=coordinator)
    assert not Match.objects.filter(parent=referral.parent).exists()
    referral.refresh_from_db()
    assert referral.status == "waiting"

    services.set_capacity(befriender, max_active_matches=2, by=coordinator)
    match = services.propose_match(referral=referral, befriender=befriender, by=coordinator)
    assert match.status == "proposed"
    # The proposal holds the second place: a third is refused.
    with pytest.raises(services.BefriendingError, match="already has 2 matches"):
        services.propose_match(referral=ReferralFactory(), befriender=befriender, by=coordinator)


def test_starting_respects_capacity_too(users):
    coordinator = users["Befriending coordinator"]
    befriender = BefrienderFactory(max_active_matches=2)
    make_active_match(befriender=befriender)
    match = services.propose_match(
        referral=ReferralFactory(), befriender=befriender, by=coordinator
    )
    services.record_introduction(match, introduction_on=START, by=coordinator)
    befriender.max_active_matches = 1
    befriender.save()
    with pytest.raises(services.BefriendingError, match="may have 1 at once"):
        services.start_match(
            match,
            started_on=START,
            planned_end_on=date(2027, 3, 1),
            how_often="Weekly",
            contact_method="phone",
            where="",
            by=coordinator,
        )
    match.refresh_from_db()
    assert match.status == "introduced"


def test_a_parent_has_one_match_under_way_at_most(users):
    coordinator = users["Befriending coordinator"]
    match = make_active_match()
    referral = ReferralFactory(parent=match.parent)
    with pytest.raises(services.BefriendingError, match="already has a match"):
        services.propose_match(referral=referral, befriender=BefrienderFactory(), by=coordinator)


def test_only_active_volunteers_are_proposed(users):
    with pytest.raises(services.BefriendingError, match="not an active volunteer"):
        services.propose_match(
            referral=ReferralFactory(),
            befriender=BefrienderFactory(status="trained"),
            by=users["Befriending coordinator"],
        )
