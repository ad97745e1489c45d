"""Demo data: every vetting stage, referrals, matches in every state with history; idempotent."""

import io

import pytest

from befriending.apps import BefriendingConfig
from befriending.models import Befriender, BefrienderStatus, Match, MatchStatus, Referral
from pace_site.accounts.roles import Role
from participation.demo import cast as cast_of_parents

pytestmark = pytest.mark.django_db


def test_seed_demo_covers_every_state_and_runs_twice(users):
    from django.apps import apps

    # The demo's parents are participation's, seeded first.
    apps.get_app_config("participation").seed_demo(users=users, stdout=io.StringIO())
    config: BefriendingConfig = apps.get_app_config("befriending")
    config.seed_demo(users=users, stdout=io.StringIO())
    counts = (Befriender.objects.count(), Match.objects.count(), Referral.objects.count())
    config.seed_demo(users=users, stdout=io.StringIO())
    assert (Befriender.objects.count(), Match.objects.count(), Referral.objects.count()) == counts

    assert set(Befriender.objects.values_list("status", flat=True)) == set(BefrienderStatus)
    assert set(Match.objects.values_list("status", flat=True)) == set(MatchStatus)
    assert Referral.objects.waiting().exists()

    demo = Befriender.objects.get(user=users[Role.BEFRIENDER])
    assert demo.status == BefrienderStatus.ACTIVE
    active = Match.objects.for_befriender(users[Role.BEFRIENDER]).get()
    assert active.contact_logs.exists() and active.reviews.filter(completed_on__isnull=False)
    assert Match.objects.past_for_befriender(users[Role.BEFRIENDER]).exists()
    # No second set of parents: every match and referral is with one of the demo's parents.
    cast = set(cast_of_parents().values())
    assert {match.parent for match in Match.objects.select_related("parent")} <= cast
    assert {referral.parent for referral in Referral.objects.select_related("parent")} <= cast
