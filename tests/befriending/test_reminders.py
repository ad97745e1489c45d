"""Reminders: the beat task fans out one task per review or volunteer; each task is safe twice."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from befriending import tasks
from befriending.models import Review
from pace_site.notifications.models import Notification
from tests.helpers import wait_until

from .factories import BefrienderFactory, make_active_match


def _match_with_review_due_in(days):
    match = make_active_match()
    review = match.reviews.order_by("due_on").first()
    review.due_on = timezone.localdate() + timedelta(days=days)
    review.save()
    return match, review


@pytest.mark.django_db
def test_each_reminder_goes_once(users):
    coordinator = users["Befriending coordinator"]
    match, review = _match_with_review_due_in(5)
    assert tasks.remind_befriender_of_review(review.pk) == "sent"
    assert tasks.remind_befriender_of_review(review.pk) == "nothing to do"
    assert tasks.remind_coordinator_of_review(review.pk) == "sent"
    assert tasks.remind_coordinator_of_review(review.pk) == "nothing to do"
    # Not overdue yet: nothing.
    assert tasks.remind_coordinator_of_overdue_review(review.pk) == "nothing to do"
    to_befriender = Notification.objects.get(kind="befriending/review_soon_befriender")
    assert to_befriender.recipient == match.befriender.user
    assert match.parent.preferred_name.split()[0] in to_befriender.body
    assert match.parent.preferred_name.split()[1] not in to_befriender.body
    assert Notification.objects.get(kind="befriending/review_due").recipient == coordinator


@pytest.mark.django_db
def test_overdue_and_dbs_reminders(users):
    _match, review = _match_with_review_due_in(-2)
    assert tasks.remind_coordinator_of_overdue_review(review.pk) == "sent"
    assert tasks.remind_coordinator_of_overdue_review(review.pk) == "nothing to do"
    old = BefrienderFactory(dbs_issued_on=timezone.localdate() - relativedelta(years=3, days=-30))
    fresh = BefrienderFactory(dbs_issued_on=timezone.localdate() - relativedelta(years=1))
    assert tasks.remind_coordinator_of_dbs_renewal(old.pk) == "sent"
    assert tasks.remind_coordinator_of_dbs_renewal(old.pk) == "nothing to do"
    assert tasks.remind_coordinator_of_dbs_renewal(fresh.pk) == "nothing to do"
    # A renewed certificate is reminded about again, three years on.
    kinds = list(Notification.objects.values_list("kind", flat=True))
    assert sorted(kinds) == ["befriending/dbs_renewal", "befriending/review_overdue"]


@pytest.mark.django_db
def test_a_completed_or_ended_review_is_not_reminded(users):
    _match, review = _match_with_review_due_in(3)
    Review.objects.filter(pk=review.pk).update(
        completed_on=timezone.localdate(), outcome="continue"
    )
    assert tasks.remind_befriender_of_review(review.pk) == "nothing to do"
    assert not Notification.objects.exists()


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_the_beat_task_fans_out_to_a_real_worker(celery_worker, users):
    _match_with_review_due_in(5)
    _match_with_review_due_in(-3)
    BefrienderFactory(dbs_issued_on=timezone.localdate() - relativedelta(years=3))
    far = make_active_match()  # its first review is months away: nothing yet

    counts = tasks.send_befriending_reminders()
    assert counts == {"befriender": 2, "coordinator": 2, "overdue": 1, "dbs": 1}
    wait_until(
        lambda: Notification.objects.filter(kind__startswith="befriending/").count() == 6,
        what="the worker to write the reminders",
    )
    assert not Notification.objects.filter(recipient=far.befriender.user).exists()
    # Run again: everything is marked as reminded, so nothing more is queued.
    assert tasks.send_befriending_reminders() == {
        "befriender": 0,
        "coordinator": 0,
        "overdue": 0,
        "dbs": 0,
    }
    # The worker delivers the messages too; let it finish before the database is flushed.
    wait_until(
        lambda: not Notification.objects.filter(status="pending").exists(),
        what="the worker to deliver the reminders",
    )
