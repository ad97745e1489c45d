"""The last free place of a volunteer goes to exactly one parent, even when two coordinators act
at the same moment: the volunteer's row is locked while the matches are counted.

Each race happens every time (tests/races.py): both coordinators are stopped at the write that
follows their check until both are parked there or behind the lock. Without the lock both count
a free place and both go ahead, so each test fails every time.
"""

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from befriending import services
from befriending.models import Match, MatchStatus
from tests.factories import ParentFactory
from tests.races import race

from .factories import BefrienderFactory, ReferralFactory

pytestmark = pytest.mark.django_db(transaction=True)


def refusals(racers) -> list[str]:
    """What the refused racers were told; any other error fails the test."""
    unexpected = [
        r.error for r in racers if r.error and not isinstance(r.error, services.BefriendingError)
    ]
    assert unexpected == []
    return [str(r.error) for r in racers if r.error]


def test_two_proposals_at_once_for_the_last_place():
    befriender = BefrienderFactory(max_active_matches=1)
    referrals = [ReferralFactory(), ReferralFactory()]

    racers = race(
        [
            lambda r=r: services.propose_match(referral=r, befriender=befriender, by=None)
            for r in referrals
        ],
        gate=Match._meta.db_table,  # each proposal stops at the match it creates
        what="both proposals to wait at the gate or for the volunteer",
    )

    refused = refusals(racers)
    assert len(refused) == 1 and "may have 1 at once" in refused[0]
    assert Match.objects.filter(befriender=befriender).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_volunteer_form_sent_twice_at_once_thanks_both_and_stores_one_application():
    import threading
    from uuid import uuid4

    from django.core.cache import caches
    from django.test import Client
    from django.urls import reverse

    from befriending.models import Befriender
    from pace_site.accounts.models import Invitation

    from .factories import decide_applications

    caches["default"].clear()  # the hourly application limit outlives the flush between tests
    # Both posts come from one rendered form (a double click), so they carry the same key.
    data = {
        "submission_key": str(uuid4()),
        "name": "Rosa Lane",
        "email": "rosa@example.org",
        "region": "Leeds",
        "languages": "English",
        "gender": "woman",
        "availability": ["mon_evening"],
        "what_they_bring": "I listen well.",
        "understands_checks": "on",
    }
    ready = threading.Barrier(2)
    answers: list = []

    def post():
        from django.db import connection as thread_connection

        try:
            thread_connection.ensure_connection()
            ready.wait(timeout=30)
            response = Client().post(reverse("befriending:volunteer"), data)
            answers.append((response.status_code, response["Location"]))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert answers == [(302, reverse("befriending:volunteer_thanks"))] * 2
    decide_applications()  # what the worker does next
    assert Befriender.objects.count() == 1
    assert Invitation.objects.count() == 1


def test_two_matches_started_at_once_for_the_last_place():
    """Two introduced matches, one place: starting both at once starts one."""
    befriender = BefrienderFactory(max_active_matches=2)
    today = timezone.localdate()
    matches = []
    for _ in range(2):
        match = services.propose_match(
            referral=ReferralFactory(parent=ParentFactory()), befriender=befriender, by=None
        )
        matches.append(services.record_introduction(match, introduction_on=today, by=None))
    befriender.max_active_matches = 1
    befriender.save(update_fields=["max_active_matches"])

    racers = race(
        [
            lambda m=m: services.start_match(
                m,
                started_on=today,
                planned_end_on=today + relativedelta(months=12),
                how_often="Every week",
                contact_method="phone",
                where="",
                by=None,
            )
            for m in matches
        ],
        gate=Match._meta.db_table,  # each start stops at its match row's update
        what="both starts to wait at the gate or for the volunteer",
    )

    refused = refusals(racers)
    assert len(refused) == 1 and "may have 1 at once" in refused[0]
    assert Match.objects.filter(befriender=befriender, status=MatchStatus.ACTIVE).count() == 1
