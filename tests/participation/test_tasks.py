"""Reminders: the daily digest of check-ins due and overdue, and pauses ending tomorrow."""

from datetime import timedelta

import pytest
from django.utils import timezone

from pace_site.accounts.roles import Role
from pace_site.notifications.models import Notification
from participation import services, tasks
from participation.models import Pause
from tests.factories import ParentFactory, make_user
from tests.helpers import wait_until


@pytest.mark.django_db
def test_digest_lists_overdue_and_due_today_once_a_day(manager):
    today = timezone.localdate()
    ParentFactory(preferred_name="Overdue Olu", check_in_due_on=today - timedelta(days=4))
    ParentFactory(preferred_name="Today Tia", check_in_due_on=today)
    ParentFactory(preferred_name="Later Lee", check_in_due_on=today + timedelta(days=4))
    assert tasks.send_check_in_digest(manager.pk) is True
    assert tasks.send_check_in_digest(manager.pk) is False  # safe twice
    digest = Notification.objects.get(recipient=manager, kind=tasks.DIGEST_KIND)
    assert "Overdue Olu" in digest.body and "Today Tia" in digest.body
    assert "Later Lee" not in digest.body
    assert digest.subject == "Check-ins due today: 1, overdue: 1"


@pytest.mark.django_db
def test_no_digest_when_nothing_is_due(manager):
    ParentFactory(check_in_due_on=timezone.localdate() + timedelta(days=10))
    assert tasks.send_check_in_digest(manager.pk) is False
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_pause_ending_reminder_the_day_before_never_resumes(manager):
    parent = ParentFactory()
    tomorrow = timezone.localdate() + timedelta(days=1)
    pause = services.pause_parent(parent, by=parent.user, by_parent=True, until=tomorrow)
    assert tasks.send_pause_ending_reminder(pause.pk) is True
    assert tasks.send_pause_ending_reminder(pause.pk) is False  # safe twice
    reminders = Notification.objects.filter(recipient=manager, kind="participation/pause_ending")
    assert reminders.count() == 1 and "check in with them first" in reminders.get().body
    parent.refresh_from_db()
    assert parent.is_paused and Pause.objects.get(pk=pause.pk).is_open


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_beat_tasks_fan_out_to_the_worker(celery_worker):
    managers = [make_user(Role.PARTICIPATION_MANAGER) for _ in range(2)]
    ParentFactory(check_in_due_on=timezone.localdate() - timedelta(days=1))
    resting = ParentFactory()
    services.pause_parent(
        resting, by=resting.user, by_parent=True, until=timezone.localdate() + timedelta(days=1)
    )
    assert tasks.send_check_in_digests() == 2
    assert tasks.remind_pauses_ending() == 1
    wait_until(
        lambda: Notification.objects.filter(kind=tasks.DIGEST_KIND).count() == 2,
        what="a digest for each manager",
    )
    wait_until(
        lambda: Notification.objects.filter(kind="participation/pause_ending").count() == 2,
        what="the pause reminder to each manager",
    )
    assert {n.recipient_id for n in Notification.objects.filter(kind=tasks.DIGEST_KIND)} == {
        m.pk for m in managers
    }


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_call_request_reaches_the_manager_at_once_through_the_worker(celery_worker, mail_dir):
    from tests.conftest import worker_mails

    manager = make_user(Role.PARTICIPATION_MANAGER)
    parent = ParentFactory(preferred_name="Rosa")
    services.self_check_in(parent, wellbeing=1, words="Scared", wants_call=True, by=parent.user)
    mails = wait_until(
        lambda: [
            m for m in worker_mails(mail_dir) if manager.email in m and "would like a call" in m
        ],
        what="the call request e-mail to the manager",
    )
    assert "Rosa" in mails[0] and "Scared" not in mails[0]
