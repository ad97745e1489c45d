"""Befriending's questionnaire moments (registered with pace_site.outcomes in ready()).

When a coordinator records a match review, and when a match that had started ends, both people
are asked: the parent ("How your befriending is going") and the volunteer ("How befriending is
going for you"). Each side has its own moment, so staff can switch either off or change its
questionnaire. A parent on a break and a volunteer who has left are never asked; a volunteer
without a Pace account yet cannot be asked.
"""

from pace_site.accounts.roles import Role
from pace_site.outcomes.moments import register_moment
from participation.models import Parent, ParentStatus

from .models import Befriender, BefrienderStatus, Match, Review

REVIEW_PARENT = "befriending.review_parent"
REVIEW_BEFRIENDER = "befriending.review_befriender"
ENDING_PARENT = "befriending.ending_parent"
ENDING_BEFRIENDER = "befriending.ending_befriender"


def is_active_parent(person) -> bool:
    return Parent.objects.filter(user=person, status=ParentStatus.ACTIVE).exists()


def is_befriender(person) -> bool:
    """A volunteer still with Pace (a paused volunteer is on a break, like a parent)."""
    return Befriender.objects.filter(user=person, status=BefrienderStatus.ACTIVE).exists()


def register() -> None:
    register_moment(
        REVIEW_PARENT,
        "Befriending match review (parent)",
        may_ask=is_active_parent,
        questionnaire="befriending-parent",
    )
    register_moment(
        REVIEW_BEFRIENDER,
        "Befriending match review (befriender)",
        may_ask=is_befriender,
        questionnaire="befriending-volunteer",
        followed_up_by=Role.BEFRIENDING_COORDINATOR,
    )
    register_moment(
        ENDING_PARENT,
        "Befriending match ending (parent)",
        may_ask=is_active_parent,
        questionnaire="befriending-parent",
    )
    register_moment(
        ENDING_BEFRIENDER,
        "Befriending match ending (befriender)",
        may_ask=is_befriender,
        questionnaire="befriending-volunteer",
        followed_up_by=Role.BEFRIENDING_COORDINATOR,
    )


def _ask_both(match: Match, *, parent_moment: str, befriender_moment: str, about, by) -> None:
    from pace_site.outcomes.services import invite

    parent = match.parent
    if parent.user_id is not None:
        invite(parent.user, moment=parent_moment, about=about, by=by)
    befriender = match.befriender
    if befriender.user_id is not None:
        invite(befriender.user, moment=befriender_moment, about=about, by=by)


def ask_after_review(review: Review, *, by) -> None:
    """Both people are asked about the match after its review (if those moments are on)."""
    match = Match.objects.select_related("parent__user", "befriender__user").get(pk=review.match_id)
    _ask_both(
        match,
        parent_moment=REVIEW_PARENT,
        befriender_moment=REVIEW_BEFRIENDER,
        about=review,
        by=by,
    )


def ask_at_ending(match: Match, *, by) -> None:
    """Both people are asked when a match that had started ends (not a proposal that did not
    go ahead)."""
    if match.started_on is None:
        return
    match = Match.objects.select_related("parent__user", "befriender__user").get(pk=match.pk)
    _ask_both(
        match,
        parent_moment=ENDING_PARENT,
        befriender_moment=ENDING_BEFRIENDER,
        about=match,
        by=by,
    )
