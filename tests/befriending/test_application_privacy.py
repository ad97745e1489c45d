"""The public volunteer form tells nobody who has an account, an invitation or an application
here: not by its words, not by its status, and not by how long it takes, because the request
does the same work for every address (it stores the application and queues one task). The
decision is made in the background, by a real worker here."""

import pytest
from django.db import connection
from django.urls import reverse

from befriending.models import Befriender, BefrienderStatus, ReceivedApplication
from befriending.services import handle_received_application
from pace_site.accounts.models import Invitation, User
from pace_site.accounts.roles import Role
from pace_site.accounts.services import invite
from pace_site.notifications.models import Notification
from tests.factories import make_user
from tests.helpers import wait_until

from .factories import BefrienderFactory, decide_applications, keyed

URL = reverse("befriending:volunteer")
APPLICATION = {
    "name": "Rosa Lane",
    "phone": "",
    "region": "Leeds",
    "languages": "English",
    "gender": "woman",
    "availability": ["mon_evening"],
    "what_they_bring": "I listen well.",
    "understands_checks": "on",
}


def _known_addresses():
    """One address of each kind the form must not give away."""
    make_user(Role.PARENT, email="has.account@example.org")
    invite(
        email="is.invited@example.org",
        role=Role.PARENT,
        display_name="Sam",
        by=make_user(Role.ADMINISTRATOR),
    )
    BefrienderFactory(user=None, email="has.applied@example.org", status="applied")


def _apply(client, django_capture_on_commit_callbacks, email: str, visitor: int):
    """Post the form as a new visitor (its own loopback address, so the hourly limit starts
    afresh each time); return what the visitor sees and the work the request did."""
    statements: list[str] = []

    def note(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    # An execute wrapper sees every statement; the request's start clears the query log.
    with (
        connection.execute_wrapper(note),
        django_capture_on_commit_callbacks() as queued,
    ):
        response = client.post(
            URL, keyed({**APPLICATION, "email": email}), REMOTE_ADDR=f"127.0.0.{visitor}"
        )
    page = (
        client.get(response["Location"]).content.decode() if response.has_header("Location") else ""
    )
    tables = sorted(sql.split()[2].strip('"') for sql in statements if sql.startswith("INSERT"))
    return (
        (response.status_code, response.get("Location"), page),
        len(statements),
        len(queued),
        tables,
    )


@pytest.mark.django_db
def test_known_and_new_addresses_get_the_same_reply_after_the_same_work(
    client, django_capture_on_commit_callbacks
):
    _known_addresses()
    # A first application warms the process (content types, templates) for a fair comparison.
    _apply(client, django_capture_on_commit_callbacks, "warm.up@example.org", 10)

    outcomes = {
        email: _apply(client, django_capture_on_commit_callbacks, email, visitor)
        for visitor, email in enumerate(
            [
                "new.person@example.org",
                "has.account@example.org",
                "HAS.ACCOUNT@example.org",
                "is.invited@example.org",
                "has.applied@example.org",
            ],
            start=20,
        )
    }

    replies = {outcome[0] for outcome in outcomes.values()}
    assert len(replies) == 1
    status, location, page = replies.pop()
    assert (status, location) == (302, reverse("befriending:volunteer_thanks"))
    assert "Thank you for applying" in page
    # The same work: the same number of queries, the same rows written, and one task queued.
    assert {outcome[1:3] for outcome in outcomes.values()} == {
        (outcomes["new.person@example.org"][1], 1)
    }
    written = {tuple(outcome[3]) for outcome in outcomes.values()}
    assert len(written) == 1
    written = written.pop()
    assert "befriending_receivedapplication" in written
    assert "befriending_befriender" not in written and "accounts_invitation" not in written
    # Nothing is decided in the request: no applicant, invitation or message yet.
    assert not Befriender.objects.filter(email="new.person@example.org").exists()
    assert not Invitation.objects.filter(email="new.person@example.org").exists()
    assert "new.person@example.org" not in [n.to_email for n in Notification.objects.all()]


@pytest.mark.django_db
def test_in_the_background_only_the_new_address_becomes_an_applicant(client):
    _known_addresses()
    invitation = Invitation.objects.get(email="is.invited@example.org")
    for visitor, email in enumerate(
        ["new.person@example.org", "HAS.ACCOUNT@example.org", "Is.Invited@example.org"], start=30
    ):
        client.post(URL, keyed({**APPLICATION, "email": email}), REMOTE_ADDR=f"127.0.0.{visitor}")
    assert ReceivedApplication.objects.count() == 3

    decide_applications()

    assert not ReceivedApplication.objects.exists()  # nothing is kept once decided
    new = Befriender.objects.get(email="new.person@example.org")
    assert new.status == BefrienderStatus.APPLIED
    assert Invitation.objects.get(email="new.person@example.org").role == Role.APPLICANT
    # The existing person and invitation are exactly as they were.
    assert not Befriender.objects.filter(email="has.account@example.org").exists()
    assert User.objects.get(email="has.account@example.org").role_names == {Role.PARENT}
    invitation.refresh_from_db()
    assert invitation.revoked_at is None and invitation.role == Role.PARENT
    assert Invitation.objects.filter(email="is.invited@example.org").count() == 1


@pytest.mark.django_db
def test_deciding_twice_is_safe(client):
    client.post(URL, keyed({**APPLICATION, "email": "rosa@example.org"}))
    received = ReceivedApplication.objects.get()
    handle_received_application(received.pk)
    handle_received_application(received.pk)  # the task delivered again
    assert Befriender.objects.filter(email="rosa@example.org").count() == 1
    assert Invitation.objects.filter(email="rosa@example.org").count() == 1


@pytest.mark.django_db
def test_the_sweep_queues_again_what_a_lost_task_left(client, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from befriending.tasks import sweep_received_applications

    client.post(URL, keyed({**APPLICATION, "email": "rosa@example.org"}))
    assert sweep_received_applications() == 0  # just received: its own task is on its way
    ReceivedApplication.objects.update(received_at=timezone.now() - timedelta(minutes=5))
    assert sweep_received_applications() == 1


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_the_applicant_and_sends_the_invitation(client, celery_worker):
    coordinator = make_user(Role.BEFRIENDING_COORDINATOR)
    response = client.post(URL, keyed({**APPLICATION, "email": "rosa@example.org"}))
    assert response["Location"] == reverse("befriending:volunteer_thanks")
    wait_until(
        lambda: any(
            sent.to_email == "rosa@example.org"
            for sent in Notification.objects.filter(kind="accounts/invitation", status="sent")
        ),
        what="the worker to make the applicant and send the invitation",
    )
    assert Befriender.objects.get(email="rosa@example.org").status == BefrienderStatus.APPLIED
    assert Notification.objects.filter(
        kind="befriending/new_application", recipient=coordinator
    ).exists()
    assert not ReceivedApplication.objects.exists()
    wait_until(
        lambda: not Notification.objects.filter(status="pending").exists(),
        what="the worker to deliver the coordinator's message",
    )
