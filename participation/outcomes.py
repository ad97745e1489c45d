"""The core group's questionnaire moments (registered with pace_site.outcomes in ready()).

- after a debrief: when the manager records a debrief, the parent is asked about the activity;
- every six months: active parents are asked how things are, the first time (on joining) as
  the baseline that later answers are compared with.

A parent who is paused or has left is never asked.
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from pace_site.outcomes.models import Invitation
from pace_site.outcomes.moments import register_moment

from .models import Parent, ParentStatus

AFTER_DEBRIEF = "participation.after_debrief"
SIX_MONTHLY = "participation.six_monthly"
EVERY = timedelta(days=182)


def is_active_parent(person) -> bool:
    return Parent.objects.filter(user=person, status=ParentStatus.ACTIVE).exists()


def register() -> None:
    register_moment(
        AFTER_DEBRIEF,
        "After a debrief of an activity (parent)",
        may_ask=is_active_parent,
        questionnaire="after-taking-part",
    )
    register_moment(
        SIX_MONTHLY,
        "Every six months, and on joining (core-group parent)",
        may_ask=is_active_parent,
        questionnaire="how-things-are",
    )


def parents_due_six_monthly(now=None):
    """Active parents not asked at the six-monthly moment in the last six months (or ever)."""
    now = now or timezone.now()
    recent = Invitation.objects.filter(
        person_id=OuterRef("user_id"), moment=SIX_MONTHLY, sent_at__gt=now - EVERY
    )
    return Parent.objects.filter(status=ParentStatus.ACTIVE).exclude(Exists(recent))


def ask_six_monthly(parent: Parent, *, now=None) -> Invitation | None:
    """Ask one parent, if still due: the first time is the baseline."""
    from pace_site.outcomes.services import invite

    now = now or timezone.now()
    if not parents_due_six_monthly(now).filter(pk=parent.pk).exists():
        return None
    first = not Invitation.objects.filter(person_id=parent.user_id, moment=SIX_MONTHLY).exists()
    return invite(
        parent.user,
        moment=SIX_MONTHLY,
        about=parent,
        occasion="baseline" if first else timezone.localdate(now).strftime("%Y-%m"),
        is_baseline=first,
    )
