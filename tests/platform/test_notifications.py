import re
from datetime import datetime, time, timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from pace_site.accounts.roles import Role
from pace_site.notifications.models import ContactRules, MessageCategory, Notification, Status
from pace_site.notifications.policies import _policies, register_policy
from pace_site.notifications.services import build_email, deliver, notify
from pace_site.notifications.tasks import sweep_outbox
from tests.conftest import worker_mails
from tests.factories import make_user
from tests.helpers import wait_until
from tests.races import race

SENSITIVE_WORDS = [
    "pace",
    "exploitation",
    "exploited",
    "abuse",
    "police",
    "court",
    "safeguarding",
    "child",
    "grooming",
    "concern",
    "check-in",
    "wellbeing",
]


def notify_offer(user, **kwargs):
    return notify(
        user,
        "test",
        subject="An opportunity to speak at police training on child exploitation",
        body="We would like you to speak about exploitation and the court case at the police training.",
        **kwargs,
    )


@pytest.mark.django_db
def test_the_message_is_written_in_the_callers_transaction():
    parent = make_user(Role.PARENT)
    with pytest.raises(RuntimeError), transaction.atomic():
        notify_offer(parent)
        raise RuntimeError("the action failed")
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_subject_and_body_are_encrypted_at_rest():
    parent = make_user(Role.PARENT)
    notification = notify_offer(parent)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT subject, body FROM notifications_notification WHERE id = %s", [notification.pk]
        )
        subject, body = cursor.fetchone()
    assert "police" not in subject and "exploitation" not in body


@pytest.mark.django_db
def test_delivered_twice_sends_once(mailoutbox):
    parent = make_user(Role.PARENT)
    notification = notify_offer(parent)
    assert deliver(notification.pk) == "sent"
    assert deliver(notification.pk) == "nothing to do"
    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.status == Status.SENT and notification.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_deliveries_send_once(mailoutbox):
    """Two workers deliver the same message at the same moment. The race happens every time
    (tests/races.py): each stops at the row's update after sending, until both are parked there
    or behind the row lock. Without the lock both would find it pending and send it."""
    parent = make_user(Role.PARENT)
    notification = notify_offer(parent)  # queued, but no worker runs in this test

    racers = race(
        [lambda: deliver(notification.pk) for _ in range(2)],
        gate=Notification._meta.db_table,
        what="both deliveries to wait at the gate or for the message",
    )

    assert [r.error for r in racers] == [None, None]
    assert sorted(r.result for r in racers) == ["nothing to do", "sent"]
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_discreet_mode_sends_a_neutral_message_with_no_sensitive_words(mailoutbox, settings):
    settings.DISCREET_SITE_URL = "https://my-messages.example"
    parent = make_user(Role.PARENT)
    ContactRules.objects.create(user=parent, discreet_mode=True)
    deliver(notify_offer(parent).pk)
    (mail,) = mailoutbox
    text = f"{mail.from_email}\n{mail.subject}\n{mail.body}".lower()
    for word in SENSITIVE_WORDS:
        assert not re.search(rf"\b{re.escape(word)}\b", text), word
    assert mail.from_email.startswith("Notifications <")
    assert "sign in to read" in mail.body.lower()
    assert "https://my-messages.example/my/messages/" in mail.body


@pytest.mark.django_db
def test_parents_are_discreet_by_default_staff_are_not():
    assert ContactRules.for_user(make_user(Role.PARENT)).discreet_mode is True
    assert ContactRules.for_user(make_user(Role.PARTICIPATION_MANAGER)).discreet_mode is False


@pytest.mark.django_db
def test_without_discreet_mode_the_message_is_sent_in_full(mailoutbox):
    parent = make_user(Role.PARENT)
    ContactRules.objects.create(user=parent, discreet_mode=False)
    deliver(notify_offer(parent).pk)
    assert "police training" in mailoutbox[0].subject


@pytest.mark.django_db
def test_quiet_hours_hold_the_message_until_they_end(
    mailoutbox, django_capture_on_commit_callbacks
):
    parent = make_user(Role.PARENT)
    now = timezone.localtime()
    start = (now - timedelta(hours=1)).time().replace(second=0, microsecond=0)
    end = (now + timedelta(hours=2)).time().replace(second=0, microsecond=0)
    ContactRules.objects.create(user=parent, quiet_hours_start=start, quiet_hours_end=end)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification = notify_offer(parent)
    assert callbacks == []  # nothing queued while it is quiet
    assert notification.due_at > timezone.now() + timedelta(hours=1)
    assert deliver(notification.pk) == "not yet due"
    assert sweep_outbox() == 0
    assert mailoutbox == []

    # When the quiet hours are over, the sweep finds it.
    Notification.objects.filter(pk=notification.pk).update(
        due_at=timezone.now() - timedelta(seconds=1)
    )
    ContactRules.objects.filter(user=parent).update(quiet_hours_start=None, quiet_hours_end=None)
    assert Notification.objects.due_for_sweep().filter(pk=notification.pk).exists()
    assert deliver(notification.pk) == "sent"


@pytest.mark.django_db
def test_urgent_messages_ignore_quiet_hours():
    manager = make_user(Role.PARTICIPATION_MANAGER)
    ContactRules.objects.create(
        user=manager, quiet_hours_start=time(0, 0), quiet_hours_end=time(23, 59)
    )
    notification = notify(
        manager, "test", subject="A parent asked for a call", body="Call them.", urgent=True
    )
    assert notification.due_at <= timezone.now()


def test_quiet_hours_across_midnight():
    rules = ContactRules(quiet_hours_start=time(21, 0), quiet_hours_end=time(8, 0))
    tz = timezone.get_current_timezone()
    late = timezone.make_aware(datetime(2026, 11, 23, 22, 30), tz)
    early = timezone.make_aware(datetime(2026, 11, 24, 7, 0), tz)
    midday = timezone.make_aware(datetime(2026, 11, 24, 12, 0), tz)
    assert rules.quiet_until(late) == timezone.make_aware(datetime(2026, 11, 24, 8, 0), tz)
    assert rules.quiet_until(early) == timezone.make_aware(datetime(2026, 11, 24, 8, 0), tz)
    assert rules.quiet_until(midday) is None


@pytest.mark.django_db
def test_email_turned_off_keeps_the_message_in_the_portal_only(mailoutbox):
    parent = make_user(Role.PARENT)
    ContactRules.objects.create(user=parent, email_allowed=False)
    notification = notify_offer(parent)
    assert notification.status == Status.PORTAL_ONLY
    assert deliver(notification.pk) == "nothing to do"
    assert mailoutbox == []
    assert Notification.objects.for_recipient(parent).count() == 1


@pytest.fixture
def no_offers_policy():
    def policy(notification):
        if notification.category == MessageCategory.OFFER:
            return "test: no offers"
        return None

    register_policy(policy)
    yield
    _policies.remove(policy)


@pytest.mark.django_db
def test_a_policy_withholds_offers(no_offers_policy, mailoutbox):
    parent = make_user(Role.PARENT)
    offer = notify_offer(parent, category=MessageCategory.OFFER)
    logistics = notify_offer(parent, category=MessageCategory.LOGISTICS)
    assert offer.status == Status.WITHHELD and offer.status_reason == "test: no offers"
    assert deliver(offer.pk) == "nothing to do"
    assert deliver(logistics.pk) == "sent"
    assert Notification.objects.for_recipient(parent).get() == logistics


@pytest.mark.django_db
def test_a_policy_is_checked_again_at_delivery(mailoutbox):
    parent = make_user(Role.PARENT)
    offer = notify_offer(parent, category=MessageCategory.OFFER)

    def policy(notification):
        return "paused since" if notification.category == MessageCategory.OFFER else None

    register_policy(policy)
    try:
        assert deliver(offer.pk) == "withheld"
    finally:
        _policies.remove(policy)
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_failed_send_backs_off_in_the_row(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    parent = make_user(Role.PARENT)
    notification = notify_offer(parent)
    assert deliver(notification.pk) == "failed, will retry"
    notification.refresh_from_db()
    assert notification.status == Status.PENDING and notification.attempts == 1
    assert notification.due_at > timezone.now() and notification.queued_at is None
    assert "Error" in notification.last_error


def test_build_email_without_rules_is_discreet():
    notification = Notification(to_email="a@example.org", subject="Court date", body="About court.")
    mail = build_email(notification, None)
    assert mail.subject == "You have a new message"


# Integration: a real Celery worker and a Redis outage ------------------------------------------


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_on_commit_delivery_by_the_worker(celery_worker, mail_dir):
    parent = make_user(Role.PARENT, email="worker.one@example.org")
    with transaction.atomic():
        notification = notify_offer(parent)
    wait_until(
        lambda: Notification.objects.get(pk=notification.pk).status == Status.SENT, what="delivery"
    )
    assert sum("worker.one@example.org" in mail for mail in worker_mails(mail_dir)) == 1


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_nothing_is_lost_when_redis_is_down(celery_worker, redis_control, mail_dir):
    parent = make_user(Role.PARENT, email="outage@example.org")
    redis_control.stop()
    with transaction.atomic():  # the action that notifies still succeeds
        notification = notify_offer(parent)
    notification.refresh_from_db()
    assert notification.status == Status.PENDING and notification.queued_at is None

    redis_control.start()
    assert sweep_outbox() == 1
    wait_until(
        lambda: Notification.objects.get(pk=notification.pk).status == Status.SENT,
        what="delivery after the outage",
    )
    assert sum("outage@example.org" in mail for mail in worker_mails(mail_dir)) == 1
    assert sweep_outbox() == 0


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_task_delivered_twice_by_the_worker_sends_once(celery_worker, mail_dir):
    from pace_site.notifications.tasks import deliver_notification

    parent = make_user(Role.PARENT, email="twice@example.org")
    notification = notify_offer(parent)  # autocommit: queued once already
    deliver_notification.delay(notification.pk)
    deliver_notification.delay(notification.pk)
    wait_until(
        lambda: Notification.objects.get(pk=notification.pk).status == Status.SENT, what="delivery"
    )
    # The worker handles tasks one at a time, in order: once a later task has run, the
    # duplicates before it have run too.
    marker = make_user(Role.PARENT, email="marker@example.org")
    notify_offer(marker)
    wait_until(
        lambda: any("marker@example.org" in m for m in worker_mails(mail_dir)),
        what="the marker message",
    )
    assert sum("twice@example.org" in mail for mail in worker_mails(mail_dir)) == 1


def _every_kind() -> list[str]:
    """Every kind of message the product sends: each has a subject template."""
    from pathlib import Path

    from django.conf import settings as django_settings

    kinds = set()
    for path in Path(django_settings.BASE_DIR).glob("*/templates/notifications/*/*_subject.txt"):
        kinds.add(f"{path.parent.name}/{path.name.removesuffix('_subject.txt')}")
    return sorted(kinds)


EVERY_KIND = _every_kind()
FORBIDDEN = [*SENSITIVE_WORDS, "pace", "befriend", "check-in", "safeguarding", "parent"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", EVERY_KIND)
@pytest.mark.parametrize("carries_link", [False, True])
def test_every_discreet_message_is_neutral_with_a_realistic_domain(settings, kind, carries_link):
    from pace_site.notifications.models import Notification
    from pace_site.notifications.services import build_email

    settings.SITE_URL = "https://participation.pace.example"
    settings.DISCREET_SITE_URL = "https://my-messages.example"
    settings.DISCREET_FROM_EMAIL = "Notifications <hello@my-messages.example>"
    notification = Notification(
        to_email="someone@example.org",
        kind=kind,
        subject="Samantha: court date and exploitation concern",
        body="Your befriender from Pace wants a check-in about the police.",
        link="https://participation.pace.example/join/invitation/abc/",
        carries_link=carries_link,
    )
    mail = build_email(notification, ContactRules(discreet_mode=True))
    text = mail.message().as_string().lower()
    for word in FORBIDDEN:
        assert not re.search(rf"{re.escape(word)}", text), (kind, word)
    assert "https://my-messages.example/" in mail.body


@pytest.mark.django_db
def test_without_a_neutral_address_a_discreet_notice_has_no_link(settings):
    from pace_site.notifications.models import Notification
    from pace_site.notifications.services import build_email

    settings.SITE_URL = "https://participation.pace.example"
    settings.DISCREET_SITE_URL = ""
    notification = Notification(
        to_email="someone@example.org", kind="participation/offer", subject="x", body="y"
    )
    mail = build_email(notification, ContactRules(discreet_mode=True))
    assert "http" not in mail.body
    assert "pace" not in mail.message().as_string().lower()
    assert "Please sign in to read it." in mail.body


def test_the_product_sends_many_kinds_of_message():
    assert len(EVERY_KIND) > 20
