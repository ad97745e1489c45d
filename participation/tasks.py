"""Periodic reminders for the participation manager. Beat tasks fan out one task per object;
each task re-checks state and is safe to run twice."""

from datetime import datetime, time, timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from pace_site.accounts.models import User
from pace_site.accounts.roles import Role
from pace_site.audit.services import record
from pace_site.notifications.models import MessageCategory, Notification
from pace_site.notifications.services import notify, notify_role

from .models import Consent, Parent, Pause

DIGEST_KIND = "participation/check_in_digest"


@shared_task
def send_check_in_digests() -> int:
    """Daily: queue one digest of check-ins due today and overdue per participation manager."""
    ids = list(
        User.objects.with_role(Role.PARTICIPATION_MANAGER)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for user_id in ids:
        send_check_in_digest.delay(user_id)
    return len(ids)


@shared_task
def send_check_in_digest(user_id: int) -> bool:
    """Write today's digest for one manager, once a day; nothing when nothing is due."""
    today = timezone.localdate()
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id, is_active=True).first()
        if user is None:
            return False
        start_of_day = timezone.make_aware(datetime.combine(today, time.min))
        if Notification.objects.filter(
            recipient=user, kind=DIGEST_KIND, created_at__gte=start_of_day
        ).exists():
            return False
        overdue = list(Parent.objects.check_in_overdue(today).order_by("check_in_due_on", "pk"))
        due_today = list(Parent.objects.check_in_due_between(today, today).order_by("pk"))
        if not overdue and not due_today:
            return False
        notify(
            user,
            DIGEST_KIND,
            context={"overdue": overdue, "due_today": due_today, "today": today},
            category=MessageCategory.ALERT,
        )
    return True


@shared_task
def remind_pauses_ending() -> int:
    """Daily: queue a reminder for each open pause planned to end tomorrow."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    ids = list(
        Pause.objects.ending_between(tomorrow, tomorrow)
        .filter(end_reminder_sent_on__isnull=True)
        .values_list("pk", flat=True)
    )
    for pause_id in ids:
        send_pause_ending_reminder.delay(pause_id)
    return len(ids)


@shared_task
def send_pause_ending_reminder(pause_id: int) -> bool:
    """Remind the managers to check in before the parent's planned return; never resumes them."""
    with transaction.atomic():
        pause = (
            Pause.objects.select_for_update(of=("self",))
            .select_related("parent")
            .filter(pk=pause_id, ended_at__isnull=True, end_reminder_sent_on__isnull=True)
            .first()
        )
        if pause is None or pause.planned_end_on is None:
            return False
        notify_role(
            Role.PARTICIPATION_MANAGER,
            "participation/pause_ending",
            context={"parent": pause.parent, "pause": pause},
            category=MessageCategory.ALERT,
        )
        pause.end_reminder_sent_on = timezone.localdate()
        pause.save(update_fields=["end_reminder_sent_on"])
        record("participation.pause.end_reminder_sent", pause, by=None)
    return True


@shared_task
def ask_again_before_consents_expire() -> int:
    """Daily: ask each parent whose permission runs out within a month whether to renew it, once
    per permission (see services.ask_again_before_expiry). Returns how many were asked."""
    from .services import ask_again_before_expiry
    from .wording import ASK_AGAIN_DAYS

    due = Consent.objects.to_ask_again(timezone.localdate(), ASK_AGAIN_DAYS).order_by("pk")
    return sum(ask_again_before_expiry(consent) for consent in due.only("pk"))


@shared_task
def end_lapsed_consents() -> int:
    """Daily: for each permission that ran out, stop what relied on it (see
    services.end_lapsed_consent); once per permission. Returns how many were handled."""
    from .services import end_lapsed_consent

    lapsed = Consent.objects.lapsed_unhandled().order_by("pk").only("pk")
    return sum(end_lapsed_consent(consent) for consent in lapsed)


@shared_task
def ask_six_monthly_questions() -> int:
    """Daily: queue one task per active parent due their six-monthly questions."""
    from .outcomes import parents_due_six_monthly

    ids = list(parents_due_six_monthly().order_by("pk").values_list("pk", flat=True))
    for parent_id in ids:
        ask_parent_six_monthly.delay(parent_id)
    return len(ids)


@shared_task
def ask_parent_six_monthly(parent_id: int) -> bool:
    """Ask one parent their six-monthly questions, if still due (safe to run twice)."""
    from .outcomes import ask_six_monthly

    parent = Parent.objects.select_related("user").filter(pk=parent_id).first()
    return parent is not None and ask_six_monthly(parent) is not None
