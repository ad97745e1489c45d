"""The last place goes to exactly one parent, even when confirmations race (PostgreSQL).

The race happens every time (tests/races.py): every confirmation is stopped at its sign-up's
update until all are parked there or behind the opportunity's row lock. Without that lock all
of them count one place left and all confirm, so the test fails every time.
"""

import threading

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


@pytest.mark.django_db(transaction=True)
def test_a_check_in_sent_twice_at_once_and_resent_is_saved_once_with_one_alert_each(
    client, django_user_model
):
    """Two simultaneous posts of the check-in form and one resend: one check-in, one call
    request to each manager, and the same answer three times."""
    from uuid import uuid4

    from django.test import Client
    from django.urls import reverse

    from pace_site.accounts.roles import Role
    from pace_site.notifications.models import Notification
    from participation.models import CheckIn
    from tests.factories import ParentFactory, make_user
    from tests.helpers import sign_in

    managers = [make_user(Role.PARTICIPATION_MANAGER) for _ in range(2)]
    parent = ParentFactory()
    data = {"wellbeing": "2", "wants_call": "on", "submission_key": str(uuid4())}
    clients = [Client(), Client()]
    for each in clients:
        sign_in(each, parent.user)

    ready = threading.Barrier(2)
    answers: list = []

    def post(each):
        from django.db import connection as thread_connection

        try:
            thread_connection.ensure_connection()
            ready.wait(timeout=30)
            response = each.post(reverse("participation:check_in"), data)
            answers.append((response.status_code, response["Location"]))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=post, args=(each,)) for each in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    resend = clients[0].post(reverse("participation:check_in"), data)
    answers.append((resend.status_code, resend["Location"]))

    assert answers == [(302, "/my/")] * 3
    assert CheckIn.objects.filter(parent=parent).count() == 1
    alerts = Notification.objects.filter(kind="participation/call_requested")
    assert sorted(alerts.values_list("recipient_id", flat=True)) == sorted(m.pk for m in managers)
