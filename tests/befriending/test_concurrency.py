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
        "availability": ["mon-evening"],
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
