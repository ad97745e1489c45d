"""Password reset must not tell who has an account: the same answer, the same words and the same
work in the request whether or not the address is known; the mail is made in the background."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pace_site.accounts import tasks
from pace_site.accounts.models import PasswordResetRequest
from pace_site.accounts.roles import Role
from pace_site.notifications.models import Notification
from tests.conftest import worker_mails
from tests.factories import make_user
from tests.helpers import wait_until

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"


def _shape(sql: str) -> str:
    """A query with its values taken out, so two requests' work can be compared."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\"(_django_curs_|s)\d\w*\"", '"?"', sql)  # cursor and savepoint names
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    return re.sub(r"\s+", " ", sql)


def _ask(client, email, django_capture_on_commit_callbacks):
    # Each as a first visit: no session, no rate-limit counters from the other request.
    client.cookies.clear()
    cache.clear()
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=False) as callbacks,
    ):
        response = client.post(RESET, {"email": email})
    # Read before the next request, which empties the connection's query log.
    work = [_shape(query["sql"]) for query in queries.captured_queries]
    done = client.get(response["Location"])
    return response, done, work, callbacks


def test_known_and_unknown_addresses_get_the_same_answer_and_the_same_work(
    client, django_capture_on_commit_callbacks
):
    parent = make_user(Role.PARENT, email="known@example.org")
    known = _ask(client, parent.email, django_capture_on_commit_callbacks)
    unknown = _ask(client, "unknown@example.org", django_capture_on_commit_callbacks)

    assert known[0].status_code == unknown[0].status_code == 302
    assert known[0]["Location"] == unknown[0]["Location"]
    assert known[1].status_code == unknown[1].status_code == 200
    assert known[1].content == unknown[1].content  # the same words
    assert known[2] == unknown[2]  # the same queries, in the same order
    assert len(known[3]) == len(unknown[3]) == 1  # one task queued for each
    # Nothing about either address is made in the request: no mail, no link.
    assert not Notification.objects.exists()
    assert PasswordResetRequest.objects.count() == 2


def test_the_background_task_mails_a_known_address_and_nobody_else(
    client, django_capture_on_commit_callbacks
):
    parent = make_user(Role.PARENT, email="known@example.org")
    for email in (parent.email, "unknown@example.org"):
        with django_capture_on_commit_callbacks(execute=False):
            client.post(RESET, {"email": email})
    for request_id in PasswordResetRequest.objects.values_list("pk", flat=True):
        tasks.send_password_reset(request_id)
        tasks.send_password_reset(request_id)  # safe twice: nothing more is sent
    (notification,) = Notification.objects.all()
    assert notification.recipient == parent and notification.to_email == parent.email
    assert "/accounts/password/reset/key/" in notification.link
    assert not PasswordResetRequest.objects.exists()  # the address is not kept


def test_the_address_waiting_for_the_task_is_stored_encrypted(client):
    client.post(RESET, {"email": "known@example.org"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT email FROM accounts_passwordresetrequest")
        row = cursor.fetchone()
    assert "known@example.org" not in " ".join(str(value) for value in row)


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_the_worker_mails_the_link_and_a_lost_task_is_swept(
    client, celery_worker, redis_control, mail_dir
):
    parent = make_user(Role.PARENT, email="reset.worker@example.org")
    client.post(RESET, {"email": parent.email})
    wait_until(lambda: any(parent.email in m for m in worker_mails(mail_dir)), what="the link")
    mail = next(m for m in worker_mails(mail_dir) if parent.email in m)
    assert "/accounts/password/reset/key/" in mail
    assert not PasswordResetRequest.objects.exists()

    # Redis down when the request comes: the page answers the same; the sweep sends it later.
    redis_control.stop()
    response = client.post(RESET, {"email": "nobody.here@example.org"})
    assert response.status_code == 302
    assert PasswordResetRequest.objects.count() == 1
    redis_control.start()
    PasswordResetRequest.objects.update(requested_at=timezone.now() - timedelta(minutes=5))
    assert tasks.sweep_password_resets() == 1
    wait_until(lambda: not PasswordResetRequest.objects.exists(), what="the swept request")
    assert not any("nobody.here@example.org" in m for m in worker_mails(mail_dir))
