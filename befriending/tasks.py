"""Reminders about reviews and DBS renewals. The beat task finds what is due with one query per
kind and queues one task per object; each task re-checks its row and is safe to run twice."""

from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from pace_site.accounts.roles import Role
from pace_site.links import absolute_url
from pace_site.notifications.models import MessageCategory
from pace_site.notifications.services import notify, notify_role

from .models import Befriender, Review

BEFRIENDER_NOTICE = timedelta(days=7)
COORDINATOR_NOTICE = timedelta(days=7)
DBS_NOTICE = timedelta(days=60)


@shared_task
def send_befriending_reminders() -> dict:
    """Fan out: one task per review or volunteer that needs a reminder today."""
    today = timezone.localdate()
    pending = Review.objects.pending()
    to_befriender = list(
        pending.filter(
            befriender_reminded_at__isnull=True, due_on__lte=today + BEFRIENDER_NOTICE
        ).values_list("pk", flat=True)
    )
    to_coordinator = list(
        pending.filter(
            coordinator_reminded_at__isnull=True, due_on__lte=today + COORDINATOR_NOTICE
        ).values_list("pk", flat=True)
    )
    overdue = list(
        pending.filter(overdue_reminded_at__isnull=True, due_on__lt=today).values_list(
            "pk", flat=True
        )
    )
    dbs = list(
        Befriender.objects.dbs_renewal_due(within=DBS_NOTICE, today=today)
        .exclude(dbs_renewal_reminded_for=F("dbs_issued_on"))
        .values_list("pk", flat=True)
    )
    for pk in to_befriender:
        remind_befriender_of_review.delay(pk)
    for pk in to_coordinator:
        remind_coordinator_of_review.delay(pk)
    for pk in overdue:
        remind_coordinator_of_overdue_review.delay(pk)
    for pk in dbs:
        remind_coordinator_of_dbs_renewal.delay(pk)
    return {
        "befriender": len(to_befriender),
        "coordinator": len(to_coordinator),
        "overdue": len(overdue),
        "dbs": len(dbs),
    }


def _locked_pending_review(review_id: int, flag: str):
    review = (
        Review.objects.pending()
        .select_for_update(of=("self",))
        .select_related("match__befriender__user", "match__parent")
        .filter(pk=review_id)
        .first()
    )
    if review is None or getattr(review, flag) is not None:
        return None
    return review


def _tell_coordinators(review: Review, kind: str, *, flag: str) -> None:
    """Tell every coordinator about the review (a link to its match) and mark it told."""
    url = absolute_url("befriending_matches:inspect", review.match_id)
    notify_role(
        Role.BEFRIENDING_COORDINATOR,
        kind,
        context={"review": review, "url": url},
        link=url,
        category=MessageCategory.ALERT,
    )
    setattr(review, flag, timezone.now())
    review.save(update_fields=[flag])


@shared_task
def remind_befriender_of_review(review_id: int) -> str:
    """A week before a review, tell the volunteer (first name of the parent only)."""
    with transaction.atomic():
        review = _locked_pending_review(review_id, "befriender_reminded_at")
        if review is None:
            return "nothing to do"
        user = review.match.befriender.user
        if user is not None:
            notify(
                user,
                "befriending/review_soon_befriender",
                context={"review": review, "url": absolute_url("befriending:my_match")},
                category=MessageCategory.LOGISTICS,
            )
        review.befriender_reminded_at = timezone.now()
        review.save(update_fields=["befriender_reminded_at"])
    return "sent"


@shared_task
def remind_coordinator_of_review(review_id: int) -> str:
    with transaction.atomic():
        review = _locked_pending_review(review_id, "coordinator_reminded_at")
        if review is None:
            return "nothing to do"
        _tell_coordinators(review, "befriending/review_due", flag="coordinator_reminded_at")
    return "sent"


@shared_task
def remind_coordinator_of_overdue_review(review_id: int) -> str:
    with transaction.atomic():
        review = _locked_pending_review(review_id, "overdue_reminded_at")
        if review is None or review.due_on >= timezone.localdate():
            return "nothing to do"
        _tell_coordinators(review, "befriending/review_overdue", flag="overdue_reminded_at")
    return "sent"


@shared_task
def remind_coordinator_of_dbs_renewal(befriender_id: int) -> str:
    """Once per certificate: when a volunteer's DBS check is within 60 days of three years old."""
    with transaction.atomic():
        befriender = (
            Befriender.objects.dbs_renewal_due(within=DBS_NOTICE)
            .select_for_update()
            .filter(pk=befriender_id)
            .first()
        )
        if befriender is None or befriender.dbs_renewal_reminded_for == befriender.dbs_issued_on:
            return "nothing to do"
        url = absolute_url("befriending_volunteers:inspect", befriender.pk)
        notify_role(
            Role.BEFRIENDING_COORDINATOR,
            "befriending/dbs_renewal",
            context={"befriender": befriender, "url": url},
            link=url,
            category=MessageCategory.ALERT,
        )
        befriender.dbs_renewal_reminded_for = befriender.dbs_issued_on
        befriender.save(update_fields=["dbs_renewal_reminded_for"])
    return "sent"


# ---------------------------------------------------------------------------------------------
# Public applications, decided in the background (see services.receive_application)


@shared_task
def handle_received_application(received_id: int) -> str:
    """Decide about one public application. Safe twice: a handled row is gone."""
    from .services import handle_received_application as handle

    return "applicant" if handle(received_id) else "nothing to do"


@shared_task
def sweep_received_applications(limit: int = 200) -> int:
    """Queue again the applications whose task was lost (a dead worker, Redis down)."""
    from .models import ReceivedApplication
    from .services import RECEIVED_APPLICATION_GRACE, queue_received_application

    ids = list(
        ReceivedApplication.objects.waiting_since(timezone.now() - RECEIVED_APPLICATION_GRACE)
        .order_by("received_at")
        .values_list("pk", flat=True)[:limit]
    )
    for received_id in ids:
        queue_received_application(received_id)
    return len(ids)
