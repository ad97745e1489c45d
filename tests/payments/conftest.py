from datetime import date, timedelta

import pytest
from django.utils import timezone

from pace_site.accounts.roles import Role
from participation.models import OpportunityLength, PaymentRate, SignUpStatus
from tests.factories import ParentFactory, make_user
from tests.participation.factories import OpportunityFactory, SignUpFactory, activity


@pytest.fixture
def manager(db):
    return make_user(Role.PARTICIPATION_MANAGER, display_name="Priya")


@pytest.fixture
def other_manager(db):
    return make_user(Role.PARTICIPATION_MANAGER, display_name="Mo")


@pytest.fixture
def finance(db):
    return make_user(Role.FINANCE, display_name="Femi")


def paid_opportunity(*, days_ago: int = 3, pence: int = 7500, **kwargs):
    """An opportunity that happened `days_ago`, half a day long, paying `pence`."""
    speaking = activity("Speaking at training")
    happened = timezone.now() - timedelta(days=days_ago)
    PaymentRate.objects.get_or_create(
        activity_type=speaking,
        length=OpportunityLength.HALF_DAY,
        effective_from=date(2000, 1, 1),
        defaults={"amount_pence": pence},
    )
    return OpportunityFactory(
        activity_type=speaking,
        length=OpportunityLength.HALF_DAY,
        starts_at=happened,
        respond_by=happened - timedelta(days=1),
        **kwargs,
    )


def took_part(manager, *, days_ago: int = 3, parent=None):
    """A confirmed sign-up recorded as taken part by `manager`; returns it."""
    from participation import services

    signup = SignUpFactory(
        opportunity=paid_opportunity(days_ago=days_ago),
        parent=parent or ParentFactory(),
        status=SignUpStatus.CONFIRMED,
    )
    return services.decide_sign_up(signup, decision=SignUpStatus.TOOK_PART, by=manager)
