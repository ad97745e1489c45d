""" "You said, we did": a manager records what parents' contributions changed."""

from datetime import date
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pace_site.accounts.models import User
from pace_site.audit.services import record
from pace_site.forms import plain_text
from pace_site.notifications.models import MessageCategory
from pace_site.notifications.services import notify
from pace_site.submissions.services import claim

from ..models import (
    CHANGE_DESCRIPTION_MAX,
    CHANGE_TITLE_MAX,
    ChangeContribution,
    ChangeKind,
    ChangeMade,
    Opportunity,
    ParentStatus,
    SignUp,
)
from .common import ParticipationError


def _plain(value: str, *, what: str, longest: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ParticipationError(f"Please write {what}.")
    if len(value) > longest:
        raise ParticipationError(f"Please keep {what} to {longest} characters or fewer.")
    try:
        plain_text(value)
    except ValidationError as error:
        raise ParticipationError(" ".join(error.messages)) from error
    return value


def record_change_made(
    opportunity: Opportunity,
    *,
    kind: str,
    title: str,
    description: str,
    changed_on: date,
    sign_ups: list[SignUp],
    by: User,
    submission_key: UUID | None = None,
) -> ChangeMade:
    """Record what an opportunity's contributions changed, link the parents' sign-ups that
    brought it about, and tell each parent through the outbox (the message never says what it
    is about; held back from a parent on a break like an offer)."""
    if kind not in ChangeKind.values:
        raise ParticipationError("Please choose what kind of change it was.")
    title = _plain(title, what="what changed", longest=CHANGE_TITLE_MAX)
    description = _plain(description, what="what we did", longest=CHANGE_DESCRIPTION_MAX)
    if changed_on > timezone.localdate():
        raise ParticipationError("Please record a change once it has happened.")
    with transaction.atomic():
        claim(submission_key, by=by)
        opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
        chosen = list(
            SignUp.objects.contributions()
            .filter(opportunity=opportunity, pk__in=[s.pk for s in sign_ups])
            .select_related("parent__user")
            .order_by("pk")
        )
        if not chosen or len(chosen) != len({s.pk for s in sign_ups}):
            raise ParticipationError("Please choose parents who took part in this.")
        if ChangeMade.objects.filter(opportunity=opportunity, title=title).exists():
            raise ParticipationError("This change is already recorded for this.")
        change = ChangeMade.objects.create(
            opportunity=opportunity,
            kind=kind,
            title=title,
            description=description,
            changed_on=changed_on,
            recorded_by=by,
        )
        now = timezone.now()
        link = settings.SITE_URL + reverse("participation:you_said_we_did")
        rows = []
        for sign_up in chosen:
            parent = sign_up.parent
            told = parent.user_id is not None and parent.status != ParentStatus.LEFT
            if told:
                notify(
                    parent.user,
                    "participation/change_made",
                    link=link,
                    category=MessageCategory.OFFER,
                )
            rows.append(
                ChangeContribution(change=change, sign_up=sign_up, told_at=now if told else None)
            )
        ChangeContribution.objects.bulk_create(rows)
        record(
            "participation.change_made.recorded",
            change,
            by=by,
            data={"opportunity": opportunity.pk, "kind": kind, "contributions": len(rows)},
        )
    return change
