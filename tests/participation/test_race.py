"""The last place goes to exactly one parent, even when confirmations race (PostgreSQL).

The race happens every time (tests/races.py): every confirmation is stopped at its sign-up's
update until all are parked there or behind the opportunity's row lock. Without that lock all
of them count one place left and all confirm, so the test fails every time.
"""

import pytest

from participation import services
from participation.models import SignUp, SignUpStatus
from participation.services import ParticipationError
from tests.races import race

from .factories import OpportunityFactory, SignUpFactory, activity

THREADS = 6


@pytest.mark.django_db(transaction=True)
def test_several_managers_confirm_the_last_place_at_once_and_exactly_one_wins(manager):
    opportunity = OpportunityFactory(activity_type=activity("Consultation"), places=2)
    SignUpFactory(opportunity=opportunity, status=SignUpStatus.CONFIRMED)  # one place left
    racing = [SignUpFactory(opportunity=opportunity) for _ in range(THREADS)]

    racers = race(
        [lambda s=s: services.confirm_sign_up(s, by=manager) for s in racing],
        gate=SignUp._meta.db_table,
        what="every confirmation to wait at the gate or for the opportunity",
    )

    errors = [r.error for r in racers if r.error]
    assert all(isinstance(error, ParticipationError) for error in errors), errors
    assert len(errors) == THREADS - 1
    assert all("All the places are taken" in str(error) for error in errors)
    assert (
        SignUp.objects.filter(opportunity=opportunity, status=SignUpStatus.CONFIRMED).count() == 2
    )
