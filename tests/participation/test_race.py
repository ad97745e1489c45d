"""The last place goes to exactly one parent, even when confirmations race (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from participation import services
from participation.models import SignUp, SignUpStatus
from participation.services import ParticipationError

from .factories import OpportunityFactory, SignUpFactory, activity

THREADS = 6


@pytest.mark.django_db(transaction=True)
def test_several_managers_confirm_the_last_place_at_once_and_exactly_one_wins(manager):
    assert connection.vendor == "postgresql"
    opportunity = OpportunityFactory(activity_type=activity("Consultation"), places=2)
    SignUpFactory(opportunity=opportunity, status=SignUpStatus.CONFIRMED)  # one place left
    racing = [SignUpFactory(opportunity=opportunity) for _ in range(THREADS)]

    ready = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def confirm(signup):
        from django.db import connection as thread_connection

        try:
            # Open this thread's own connection before the start line, so all of them really
            # run their transactions at the same moment.
            thread_connection.ensure_connection()
            ready.wait(timeout=30)
            try:
                services.confirm_sign_up(signup, by=manager)
                result = "won"
            except ParticipationError:
                result = "refused"
            with lock:
                outcomes.append(result)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=confirm, args=(signup,)) for signup in racing]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["refused"] * (THREADS - 1) + ["won"]
    assert (
        SignUp.objects.filter(opportunity=opportunity, status=SignUpStatus.CONFIRMED).count() == 2
    )
