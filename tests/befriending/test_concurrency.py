"""The last free place of a volunteer goes to exactly one referral, even when two coordinators
propose at the same moment (the volunteer's row is locked)."""

import threading

import pytest
from django.db import connection

from befriending import services
from befriending.models import Match

from .factories import BefrienderFactory, ReferralFactory


@pytest.mark.django_db(transaction=True)
def test_two_proposals_at_once_for_the_last_place():
    befriender = BefrienderFactory(max_active_matches=1)
    referrals = [ReferralFactory(), ReferralFactory()]
    barrier = threading.Barrier(2)
    outcomes = []

    def propose(referral):
        try:
            barrier.wait(timeout=10)
            services.propose_match(referral=referral, befriender=befriender, by=None)
            outcomes.append("proposed")
        except services.BefriendingError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=propose, args=(r,)) for r in referrals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes.count("proposed") == 1 and len(outcomes) == 2
    refused = next(outcome for outcome in outcomes if outcome != "proposed")
    assert "may have 1 at once" in refused
    assert Match.objects.filter(befriender=befriender).count() == 1
