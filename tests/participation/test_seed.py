import io

import pytest
from django.apps import apps

from pace_site.accounts.roles import Role
from participation.models import (
    CheckIn,
    Consent,
    Opportunity,
    OpportunityStatus,
    Parent,
    ParentStatus,
    Pause,
    SignUp,
)


@pytest.mark.django_db
def test_seed_demo_makes_a_believable_core_group_and_is_idempotent(users):
    config = apps.get_app_config("participation")
    config.seed_demo(users=users, stdout=io.StringIO())
    counts = [m.objects.count() for m in (Parent, Opportunity, SignUp, CheckIn, Pause, Consent)]
    config.seed_demo(users=users, stdout=io.StringIO())
    assert [
        m.objects.count() for m in (Parent, Opportunity, SignUp, CheckIn, Pause, Consent)
    ] == counts

    assert 18 <= Parent.objects.count() <= 25
    demo_parent = Parent.objects.get(user=users[Role.PARENT])
    assert demo_parent.status == ParentStatus.ACTIVE and demo_parent.interests.exists()
    assert set(Opportunity.objects.values_list("status", flat=True)) == set(
        OpportunityStatus.values
    )
    assert Parent.objects.paused().count() == 2
    assert Parent.objects.filter(status=ParentStatus.LEFT).exists()
    assert Parent.objects.paused().count() == Pause.objects.open().count()
    assert CheckIn.objects.calls_requested().exists()
    assert Parent.objects.check_in_overdue().exists()
    assert Opportunity.objects.matching(demo_parent)
