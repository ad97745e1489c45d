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
    from tests.factories import make_user
    from tests.helpers import sign_in

    from .factories import ParentFactory

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
