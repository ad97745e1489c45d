"""What the volunteer's "My match" page counts: months together, months left, progress."""

from datetime import date

import pytest

from befriending.models import Match, first_name


def match(started_on, planned_end_on, ended_on=None):
    return Match(started_on=started_on, planned_end_on=planned_end_on, ended_on=ended_on)


@pytest.mark.parametrize(
    ("today", "together", "left", "percent"),
    [
        (date(2026, 3, 1), 0, 12, 0),
        (date(2026, 3, 31), 0, 11, 8),
        (date(2026, 4, 1), 1, 11, 8),
        (date(2026, 9, 1), 6, 6, 50),
        (date(2027, 3, 1), 12, 0, 100),
        (date(2027, 6, 1), 15, 0, 100),
    ],
)
def test_months_together_left_and_progress(today, together, left, percent):
    m = match(date(2026, 3, 1), date(2027, 3, 1))
    assert m.months_together(today) == together
    assert m.months_left(today) == left
    assert m.progress_percent(today) == percent


def test_an_ended_match_stops_counting_at_its_end():
    m = match(date(2026, 3, 1), date(2027, 3, 1), ended_on=date(2026, 7, 15))
    assert m.months_together(date(2027, 1, 1)) == 4


@pytest.mark.parametrize(
    ("name", "expected"), [("Jo Williams", "Jo"), ("  Amira  Khan ", "Amira"), ("", "")]
)
def test_a_befriender_is_told_the_first_name_only(name, expected):
    assert first_name(name) == expected
