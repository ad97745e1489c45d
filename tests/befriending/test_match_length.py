"""The 6–18 calendar-month rule, at its edges, in the database and in the forms."""

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.db.models import F

from befriending import services
from befriending.models import Match, MatchStatus, add_months
from befriending.workspace.forms import PlannedEndForm, StartMatchForm
from tests.factories import ParentFactory

from .factories import BefrienderFactory, keyed, make_active_match

pytestmark = pytest.mark.django_db

# 1 March: five months on is 1 August, and August has 31 days, so "5 months 30 days" (30 August
# + … = 31 August) really is a day short of six months (1 September).
START = date(2026, 3, 1)
EDGES = {
    "5 months 30 days": (START + relativedelta(months=5, days=30), False),
    "a day short of 6 months": (add_months(START, 6) - timedelta(days=1), False),
    "exactly 6 months": (add_months(START, 6), True),
    "exactly 18 months": (add_months(START, 18), True),
    "18 months and a day": (add_months(START, 18) + timedelta(days=1), False),
}


def test_the_edges_are_what_they_say():
    assert START + relativedelta(months=5, days=30) < add_months(START, 6)
    assert add_months(START, 6) == date(2026, 9, 1)
    assert add_months(START, 18) == date(2027, 9, 1)


def _save_match(planned_end_on, started_on=START):
    return Match.objects.create(
        befriender=BefrienderFactory(),
        parent=ParentFactory(),
        status=MatchStatus.ACTIVE,
        started_on=started_on,
        planned_end_on=planned_end_on,
    )


@pytest.mark.parametrize("edge", list(EDGES))
def test_database_check_constraint_holds_the_rule(edge):
    planned_end_on, allowed = EDGES[edge]
    if allowed:
        saved = _save_match(planned_end_on)
        assert Match.objects.get(pk=saved.pk).planned_end_on == planned_end_on
    else:
        with (
            pytest.raises(IntegrityError, match="match_planned_length_6_to_18_months"),
            transaction.atomic(),
        ):
            _save_match(planned_end_on)


@pytest.mark.parametrize(
    ("started_on", "six_months_on"),
    [
        (date(2026, 8, 31), date(2027, 2, 28)),  # clipped to the end of February
        (date(2027, 8, 31), date(2028, 2, 29)),  # leap year
        (date(2026, 1, 31), date(2026, 7, 31)),
    ],
)
def test_calendar_months_are_clipped_at_month_end_as_relativedelta_counts(
    started_on, six_months_on
):
    assert add_months(started_on, 6) == six_months_on
    saved = _save_match(six_months_on, started_on=started_on)
    assert Match.objects.get(pk=saved.pk).planned_end_on == six_months_on
    with pytest.raises(IntegrityError), transaction.atomic():
        _save_match(six_months_on - timedelta(days=1), started_on=started_on)


@pytest.mark.parametrize("edge", list(EDGES))
def test_start_form_holds_the_rule(edge):
    planned_end_on, allowed = EDGES[edge]
    form = StartMatchForm(
        keyed(
            {
                "started_on": START.isoformat(),
                "planned_end_on": planned_end_on.isoformat(),
                "how_often": "Weekly",
                "contact_method": "meeting",
                "where": "Café",
            }
        )
    )
    assert form.is_valid() is allowed, form.errors
    if not allowed:
        assert "6 months" in str(form.errors["planned_end_on"]) or "18 months" in str(
            form.errors["planned_end_on"]
        )


@pytest.mark.parametrize("edge", list(EDGES))
def test_model_validation_gives_a_clear_message(edge):
    planned_end_on, allowed = EDGES[edge]
    match = Match(
        befriender=BefrienderFactory(),
        parent=ParentFactory(),
        status=MatchStatus.ACTIVE,
        started_on=START,
        planned_end_on=planned_end_on,
    )
    if allowed:
        match.full_clean()
    else:
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as caught:
            match.full_clean()
        assert "planned_end_on" in caught.value.message_dict


def test_an_extension_can_reach_18_months_but_never_go_past(users):
    match = make_active_match(started_on=START, months=12)
    coordinator = users["Befriending coordinator"]

    form = PlannedEndForm(keyed({"planned_end_on": EDGES["18 months and a day"][0]}), match=match)
    assert not form.is_valid()
    assert "at most 18 months" in str(form.errors)
    with pytest.raises(services.BefriendingError, match="at most 18 months"):
        services.change_planned_end(
            match, planned_end_on=EDGES["18 months and a day"][0], by=coordinator
        )
    match.refresh_from_db()
    assert match.planned_end_on == add_months(START, 12)

    form = PlannedEndForm(keyed({"planned_end_on": add_months(START, 18)}), match=match)
    assert form.is_valid(), form.errors
    services.change_planned_end(match, planned_end_on=add_months(START, 18), by=coordinator)
    match.refresh_from_db()
    assert match.planned_end_on == date(2027, 9, 1)

    # Even written straight to the database, a later end is refused.
    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.filter(pk=match.pk).update(
            planned_end_on=add_months(START, 18) + timedelta(days=1)
        )


def test_start_match_service_refuses_a_short_match_and_changes_nothing(users):
    match = Match.objects.create(
        befriender=BefrienderFactory(),
        parent=ParentFactory(),
        status=MatchStatus.INTRODUCED,
        introduction_on=START - timedelta(days=7),
    )
    with pytest.raises(services.BefriendingError, match="at least 6 months"):
        services.start_match(
            match,
            started_on=START,
            planned_end_on=EDGES["5 months 30 days"][0],
            how_often="Weekly",
            contact_method="phone",
            where="",
            by=users["Befriending coordinator"],
        )
    match.refresh_from_db()
    assert (match.status, match.started_on, match.reviews.count()) == ("introduced", None, 0)


@pytest.mark.parametrize(
    "started_on",
    [date(2026, 8, 31), date(2027, 8, 31), date(2026, 1, 31), date(2026, 3, 1), date(2026, 12, 15)],
)
@pytest.mark.parametrize("months", [6, 18])
def test_the_sqlite_form_of_the_rule_counts_months_the_same_way(started_on, months):
    """`make run` uses SQLite: its SQL for AddMonths gives the same dates as relativedelta."""
    import sqlite3

    from befriending.models import AddMonths

    class Compiler:
        def compile(self, expression):
            return "?", [started_on.isoformat()]

    sql, params = AddMonths(F("started_on"), months).as_sqlite(Compiler(), None)
    with sqlite3.connect(":memory:") as db:
        (result,) = db.execute(f"SELECT {sql}", params).fetchone()
    assert result == add_months(started_on, months).isoformat()
