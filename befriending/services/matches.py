"""Referrals and matches: a parent referred, a volunteer proposed, the introduction, the start,
the planned end, the arrangements, the reviews and the end."""

from datetime import date
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from pace_site.accounts.models import User
from pace_site.audit.services import record
from pace_site.submissions.services import claim
from participation.models import Parent

from ..models import (
    OPEN_MATCH_STATUSES,
    Befriender,
    BefrienderStatus,
    Match,
    MatchStatus,
    Referral,
    ReferralStatus,
    Review,
    ReviewOutcome,
    match_length_error,
    review_schedule,
)
from .errors import BefriendingError


def create_referral(
    parent: Parent,
    *,
    hopes: str,
    preferred_gender: str,
    preferred_language: str,
    region: str,
    availability: list[str],
    by: User,
    submission_key: UUID | None = None,
) -> Referral:
    with transaction.atomic():
        claim(submission_key, by=by)
        if Referral.objects.waiting().filter(parent=parent).exists():
            raise BefriendingError("This parent is already waiting for a match.")
        referral = Referral.objects.create(
            parent=parent,
            hopes=hopes,
            preferred_gender=preferred_gender,
            preferred_language=preferred_language,
            region=region,
            availability=availability,
            referred_by=by,
        )
        record("befriending.referral.created", referral, by=by)
    return referral


def close_referral(referral: Referral, *, by: User, submission_key: UUID | None = None) -> Referral:
    with transaction.atomic():
        claim(submission_key, by=by)
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if referral.status == ReferralStatus.CLOSED:
            raise BefriendingError("This referral is already closed.")
        referral.status = ReferralStatus.CLOSED
        referral.save(update_fields=["status"])
        record("befriending.referral.closed", referral, by=by)
    return referral


def _check_capacity(befriender: Befriender, *, statuses) -> None:
    count = befriender.matches.filter(status__in=statuses).count()
    if count >= befriender.max_active_matches:
        places = befriender.max_active_matches
        raise BefriendingError(
            f"{befriender.name} already has {count} match{'es' if count != 1 else ''}; "
            f"they may have {places} at once."
        )


def propose_match(
    referral: Referral, *, befriender: Befriender, by: User, submission_key: UUID | None = None
) -> Match:
    """Propose a volunteer for a waiting referral. The volunteer must be active with a free place."""
    with transaction.atomic():
        claim(submission_key, by=by)
        befriender = Befriender.objects.select_for_update().get(pk=befriender.pk)
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if referral.status != ReferralStatus.WAITING:
            raise BefriendingError("This referral is no longer waiting for a match.")
        if befriender.status != BefrienderStatus.ACTIVE:
            raise BefriendingError(f"{befriender.name} is not an active volunteer.")
        _check_capacity(befriender, statuses=OPEN_MATCH_STATUSES)
        if Match.objects.open().filter(parent_id=referral.parent_id).exists():
            raise BefriendingError("This parent already has a match under way.")
        try:
            with transaction.atomic():
                match = Match.objects.create(
                    befriender=befriender, parent_id=referral.parent_id, referral=referral
                )
        except IntegrityError as error:
            raise BefriendingError("This parent already has a match under way.") from error
        referral.status = ReferralStatus.MATCHED
        referral.save(update_fields=["status"])
        record("befriending.match.proposed", match, by=by)
    return match


def _locked_match(match: Match) -> Match:
    return Match.objects.select_for_update().get(pk=match.pk)


def record_introduction(
    match: Match, *, introduction_on: date, by: User, submission_key: UUID | None = None
) -> Match:
    with transaction.atomic():
        claim(submission_key, by=by)
        match = _locked_match(match)
        if match.status not in {MatchStatus.PROPOSED, MatchStatus.INTRODUCED}:
            raise BefriendingError("The introduction is recorded before the match starts.")
        match.status = MatchStatus.INTRODUCED
        match.introduction_on = introduction_on
        match.save(update_fields=["status", "introduction_on"])
        record(
            "befriending.match.introduction_recorded",
            match,
            by=by,
            data={"introduction_on": introduction_on},
        )
    return match


def _schedule_reviews(match: Match) -> None:
    """(Re)write the match's pending reviews from its dates; completed ones stay as they are."""
    assert match.started_on is not None and match.planned_end_on is not None, "a started match"
    match.reviews.filter(completed_on__isnull=True).delete()
    done = set(match.reviews.values_list("kind", "due_on"))
    Review.objects.bulk_create(
        Review(match=match, kind=kind, due_on=due_on)
        for kind, due_on in review_schedule(match.started_on, match.planned_end_on)
        if (kind, due_on) not in done
    )


def start_match(
    match: Match,
    *,
    started_on: date,
    planned_end_on: date,
    how_often: str,
    contact_method: str,
    where: str,
    by: User,
    submission_key: UUID | None = None,
) -> Match:
    """Start an introduced match for 6 to 18 months and schedule its reviews."""
    with transaction.atomic():
        claim(submission_key, by=by)
        match = _locked_match(match)
        befriender = Befriender.objects.select_for_update().get(pk=match.befriender_id)
        if match.status != MatchStatus.INTRODUCED:
            raise BefriendingError("Record the introduction meeting before starting the match.")
        if match.introduction_on and started_on < match.introduction_on:
            raise BefriendingError("The match cannot start before the introduction meeting.")
        if error := match_length_error(started_on, planned_end_on):
            raise BefriendingError(error)
        _check_capacity(befriender, statuses=[MatchStatus.ACTIVE])
        match.status = MatchStatus.ACTIVE
        match.started_on = started_on
        match.planned_end_on = planned_end_on
        match.how_often = how_often
        match.contact_method = contact_method
        match.where = where
        match.save()
        _schedule_reviews(match)
        record(
            "befriending.match.started",
            match,
            by=by,
            data={"started_on": started_on, "planned_end_on": planned_end_on},
        )
    return match


def change_planned_end(
    match: Match, *, planned_end_on: date, by: User, submission_key: UUID | None = None
) -> Match:
    """Extend (or shorten) an active match, never past 18 months from its start; the pending
    reviews are scheduled again from the new end."""
    with transaction.atomic():
        claim(submission_key, by=by)
        match = _locked_match(match)
        if match.status != MatchStatus.ACTIVE:
            raise BefriendingError("Only an active match can be extended.")
        if error := match_length_error(match.started_on, planned_end_on):
            raise BefriendingError(error)
        if planned_end_on == match.planned_end_on:
            raise BefriendingError("That is already the planned end.")
        old = match.planned_end_on
        match.planned_end_on = planned_end_on
        match.save(update_fields=["planned_end_on"])
        _schedule_reviews(match)
        record(
            "befriending.match.end_date_changed",
            match,
            by=by,
            data={"from": old, "to": planned_end_on},
        )
    return match


def update_arrangements(
    match: Match,
    *,
    how_often: str,
    contact_method: str,
    where: str,
    by: User,
    submission_key: UUID | None = None,
) -> Match:
    with transaction.atomic():
        claim(submission_key, by=by)
        match = _locked_match(match)
        if match.status == MatchStatus.ENDED:
            raise BefriendingError("This match has ended.")
        match.how_often, match.contact_method, match.where = how_often, contact_method, where
        match.save(update_fields=["how_often", "contact_method", "where"])
        record("befriending.match.arrangements_changed", match, by=by)
    return match


def complete_review(
    review: Review,
    *,
    completed_on: date,
    outcome: str,
    next_steps: str,
    by: User,
    submission_key: UUID | None = None,
) -> Review:
    with transaction.atomic():
        claim(submission_key, by=by)
        review = Review.objects.select_for_update().get(pk=review.pk)
        if review.completed_on is not None:
            raise BefriendingError("This review has already been recorded.")
        if review.match.status != MatchStatus.ACTIVE:
            raise BefriendingError("Reviews are recorded for active matches.")
        review.completed_on = completed_on
        review.outcome = ReviewOutcome(outcome)
        review.next_steps = next_steps
        review.completed_by = by
        review.save(update_fields=["completed_on", "outcome", "next_steps", "completed_by"])
        record("befriending.review.recorded", review, by=by, data={"outcome": review.outcome.value})
        from ..outcomes import ask_after_review

        ask_after_review(review, by=by)
    return review


def end_match(
    match: Match,
    *,
    ended_on: date,
    reason: str,
    summary: str,
    by: User,
    submission_key: UUID | None = None,
) -> Match:
    """End a match at any stage (a proposal that does not go ahead ends too)."""
    with transaction.atomic():
        claim(submission_key, by=by)
        match = _locked_match(match)
        if match.status == MatchStatus.ENDED:
            raise BefriendingError("This match has already ended.")
        if match.started_on and ended_on < match.started_on:
            raise BefriendingError("A match cannot end before it started.")
        if ended_on > timezone.localdate():
            raise BefriendingError("Record the ending on the day it happens, not ahead.")
        match.status = MatchStatus.ENDED
        match.ended_on = ended_on
        match.ending_reason = reason
        match.closing_summary = summary
        match.save(update_fields=["status", "ended_on", "ending_reason", "closing_summary"])
        match.reviews.filter(completed_on__isnull=True).delete()
        if match.referral_id and not match.started_on:
            # The proposal did not go ahead: the parent waits for another volunteer.
            Referral.objects.filter(pk=match.referral_id).update(status=ReferralStatus.WAITING)
        elif match.referral_id:
            Referral.objects.filter(pk=match.referral_id).update(status=ReferralStatus.CLOSED)
        record("befriending.match.ended", match, by=by, data={"ending_reason": reason})
        from ..outcomes import ask_at_ending

        ask_at_ending(match, by=by)
    return match
