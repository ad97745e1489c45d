"""Matches (6 to 18 months) and their reviews."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pace_site.crypto import EncryptedTextField

from .befrienders import Befriender
from .choices import (
    CONCERN_DAYS_AFTER_END,
    ENDING_REVIEW_BEFORE,
    MAX_MATCH_MONTHS,
    MIN_MATCH_MONTHS,
    OPEN_MATCH_STATUSES,
    REVIEW_EVERY_MONTHS,
    AddMonths,
    BefrienderStatus,
    ContactMethod,
    EndingReason,
    MatchStatus,
    ReviewKind,
    ReviewOutcome,
    add_months,
    first_name,
    match_length_error,
)
from .referrals import Referral


class MatchQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_MATCH_STATUSES)

    def active(self):
        return self.filter(status=MatchStatus.ACTIVE)

    def ended(self):
        return self.filter(status=MatchStatus.ENDED)

    def for_parent(self, parent):
        return self.filter(parent=parent)

    def for_befriender(self, user):
        """The signed-in volunteer's own current (active) match: the only one they may see, and
        only while they are an active volunteer (not paused, left or back in vetting)."""
        if not user.is_authenticated:
            return self.none()
        return self.active().filter(
            befriender__user=user, befriender__status=BefrienderStatus.ACTIVE
        )

    def open_to_concerns_from(self, user, *, today=None):
        """Matches a volunteer may raise a concern about: their active match, or one that ended
        in the last CONCERN_DAYS_AFTER_END days (worries can surface after a goodbye)."""
        if not user.is_authenticated:
            return self.none()
        since = (today or timezone.localdate()) - timedelta(days=CONCERN_DAYS_AFTER_END)
        return self.filter(
            befriender__user=user, befriender__status=BefrienderStatus.ACTIVE
        ).filter(Q(status=MatchStatus.ACTIVE) | Q(status=MatchStatus.ENDED, ended_on__gte=since))

    def past_for_befriender(self, user):
        """The active volunteer's ended matches: they may see the first name and dates only."""
        if not user.is_authenticated:
            return self.none()
        return self.ended().filter(
            befriender__user=user,
            befriender__status=BefrienderStatus.ACTIVE,
            started_on__isnull=False,
        )

    def ending_within(self, days: int, *, today=None):
        today = today or timezone.localdate()
        return self.active().filter(
            planned_end_on__gte=today, planned_end_on__lte=today + timedelta(days=days)
        )


class Match(models.Model):
    """A befriender and a parent for 6 to 18 calendar months."""

    befriender = models.ForeignKey(Befriender, on_delete=models.PROTECT, related_name="matches")
    parent = models.ForeignKey(
        "participation.Parent", on_delete=models.PROTECT, related_name="befriending_matches"
    )
    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.SET_NULL, related_name="matches"
    )
    status = models.CharField(
        max_length=20, choices=MatchStatus.choices, default=MatchStatus.PROPOSED
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    introduction_on = models.DateField(_("introduction meeting"), null=True, blank=True)
    started_on = models.DateField(null=True, blank=True)
    planned_end_on = models.DateField(null=True, blank=True)
    how_often = models.CharField(_("how often"), max_length=100, blank=True)
    contact_method = models.CharField(
        _("how"), max_length=20, choices=ContactMethod.choices, blank=True
    )
    where = models.CharField(_("where"), max_length=150, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    ending_reason = models.CharField(max_length=20, choices=EndingReason.choices, blank=True)
    closing_summary = EncryptedTextField(blank=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name_plural = "matches"
        indexes = [
            models.Index(fields=["status", "planned_end_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(started_on__isnull=True)
                    | Q(planned_end_on__isnull=True)
                    | (
                        Q(planned_end_on__gte=AddMonths(F("started_on"), MIN_MATCH_MONTHS))
                        & Q(planned_end_on__lte=AddMonths(F("started_on"), MAX_MATCH_MONTHS))
                    )
                ),
                name="match_planned_length_6_to_18_months",
                violation_error_message=_(
                    "A match's planned end must be between 6 and 18 calendar months after its start."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=MatchStatus.ACTIVE)
                | Q(started_on__isnull=False, planned_end_on__isnull=False),
                name="match_active_has_dates",
            ),
            models.CheckConstraint(
                condition=~Q(status=MatchStatus.ENDED)
                | Q(ended_on__isnull=False) & ~Q(ending_reason=""),
                name="match_ended_has_date_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="match_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["parent"],
                condition=Q(status__in=OPEN_MATCH_STATUSES),
                name="match_one_open_match_per_parent",
                violation_error_message=_("This parent already has a match under way."),
            ),
        ]

    def __str__(self):
        return f"{self.befriender} with {self.parent}"

    def clean(self):
        error = match_length_error(self.started_on, self.planned_end_on)
        if error:
            raise ValidationError({"planned_end_on": error})

    @property
    def parent_first_name(self) -> str:
        return first_name(self.parent.preferred_name)

    @property
    def latest_allowed_end(self) -> date | None:
        return add_months(self.started_on, MAX_MATCH_MONTHS) if self.started_on else None

    @property
    def earliest_allowed_end(self) -> date | None:
        return add_months(self.started_on, MIN_MATCH_MONTHS) if self.started_on else None

    def months_together(self, today=None) -> int:
        if not self.started_on:
            return 0
        today = min(today or timezone.localdate(), self.ended_on or date.max)
        delta = relativedelta(today, self.started_on)
        return max(0, delta.years * 12 + delta.months)

    def months_left(self, today=None) -> int:
        if not self.planned_end_on:
            return 0
        today = today or timezone.localdate()
        if today >= self.planned_end_on:
            return 0
        delta = relativedelta(self.planned_end_on, today)
        return delta.years * 12 + delta.months

    def progress_percent(self, today=None) -> int:
        if not (self.started_on and self.planned_end_on):
            return 0
        today = today or timezone.localdate()
        total = (self.planned_end_on - self.started_on).days or 1
        done = (min(today, self.planned_end_on) - self.started_on).days
        return max(0, min(100, round(100 * done / total)))


# ---------------------------------------------------------------------------------------------
# Review


class ReviewQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(completed_on__isnull=True, match__status=MatchStatus.ACTIVE)

    def overdue(self, *, today=None):
        return self.pending().filter(due_on__lt=today or timezone.localdate())


class Review(models.Model):
    """A scheduled look at a match: every three months, and four weeks before it ends."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(max_length=10, choices=ReviewKind.choices)
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices, blank=True)
    next_steps = EncryptedTextField(blank=True)
    befriender_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    coordinator_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["completed_on", "due_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["match", "kind", "due_on"], name="review_once_per_match_kind_and_day"
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | ~Q(outcome=""),
                name="review_completed_has_outcome",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} due {self.due_on:%-d %b %Y}"

    @property
    def is_overdue(self) -> bool:
        return self.completed_on is None and self.due_on < timezone.localdate()


def review_schedule(started_on: date, planned_end_on: date) -> list[tuple[str, date]]:
    """Reviews for a match: three months in and every three months after, while they fall
    before the ending review, which is four weeks before the planned end."""
    ending_on = planned_end_on - ENDING_REVIEW_BEFORE
    schedule = []
    months = REVIEW_EVERY_MONTHS
    while (due := add_months(started_on, months)) < ending_on:
        schedule.append((ReviewKind.REGULAR, due))
        months += REVIEW_EVERY_MONTHS
    schedule.append((ReviewKind.ENDING, ending_on))
    return schedule
