"""Befriending: volunteers and their vetting, referrals, 6–18 month matches, reviews, contact logs
and concerns.

Who may see what lives in the queryset methods: a befriender reaches only their own record and
their own current match (`Match.objects.for_befriender(user)`); coordinators see everything
through the Wagtail admin; the participation app may ask only `parent_has_active_match(parent)`.
"""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, DateField, F, Func, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pace_site.accounts.roles import Role
from pace_site.crypto import EncryptedTextField

MIN_MATCH_MONTHS = 6
MAX_MATCH_MONTHS = 18
REVIEW_EVERY_MONTHS = 3
ENDING_REVIEW_BEFORE = timedelta(weeks=4)
DBS_RENEWAL_YEARS = 3


class AddMonths(Func):
    """A date plus whole calendar months, clipped to the end of a shorter month (31 August plus
    six months is 28 February), exactly as `dateutil.relativedelta` counts. Used by the match
    length check constraint, so the database holds the same rule as the forms."""

    output_field = DateField()

    def __init__(self, expression, months: int, **extra):
        self.months = int(months)
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra_context):  # pragma: no cover - other backends
        raise NotImplementedError(f"AddMonths is not written for {connection.vendor}.")

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql})::date + interval '{self.months} months')::date", params

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite rolls 31 August + 6 months over into March; the smaller of that and the last
        # day of the target month is the clipped date.
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"min(date({sql}, '+{self.months} months'), "
            f"date({sql}, 'start of month', '+{self.months + 1} months', '-1 day'))",
            params * 2,
        )


def add_months(day: date, months: int) -> date:
    return day + relativedelta(months=months)


def match_length_error(started_on: date | None, planned_end_on: date | None) -> str | None:
    """Why a planned end is not allowed, in plain words, or None if it is."""
    if started_on is None or planned_end_on is None:
        return None
    earliest = add_months(started_on, MIN_MATCH_MONTHS)
    latest = add_months(started_on, MAX_MATCH_MONTHS)
    if planned_end_on < earliest:
        return _(
            "A match lasts at least 6 months: the planned end can be %(earliest)s at the earliest."
        ) % {"earliest": f"{earliest:%-d %B %Y}"}
    if planned_end_on > latest:
        return _(
            "A match lasts at most 18 months: the planned end can be %(latest)s at the latest."
        ) % {"latest": f"{latest:%-d %B %Y}"}
    return None


def first_name(full_name: str) -> str:
    """The first word of a name: all a befriender is told about a parent."""
    parts = (full_name or "").split()
    return parts[0] if parts else ""


# ---------------------------------------------------------------------------------------------
# Choices

DAYS = [
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
]
PARTS_OF_DAY = [("morning", _("morning")), ("afternoon", _("afternoon")), ("evening", _("evening"))]
AVAILABILITY_CHOICES = [
    (f"{day}-{part}", f"{day_label} {part_label}")
    for day, day_label in DAYS
    for part, part_label in PARTS_OF_DAY
]
AVAILABILITY_LABELS = dict(AVAILABILITY_CHOICES)


def describe_slots(slots) -> str:
    return ", ".join(str(AVAILABILITY_LABELS.get(slot, slot)) for slot in slots)


class Gender(models.TextChoices):
    WOMAN = "woman", _("woman")
    MAN = "man", _("man")
    NON_BINARY = "non-binary", _("non-binary")
    NOT_SAID = "not-said", _("prefer not to say")


class GenderPreference(models.TextChoices):
    ANY = "any", _("no preference")
    WOMAN = "woman", _("a woman")
    MAN = "man", _("a man")


class BefrienderStatus(models.TextChoices):
    APPLIED = "applied", _("applied")
    INTERVIEWED = "interviewed", _("interviewed")
    REFERENCES_RECEIVED = "references-received", _("references received")
    DBS_CHECKED = "dbs-checked", _("DBS checked")
    TRAINED = "trained", _("trained")
    ACTIVE = "active", _("active")
    PAUSED = "paused", _("paused")
    LEFT = "left", _("left")
    NOT_TAKEN_FORWARD = "not-taken-forward", _("not taken forward")


# How long after a match ends its volunteer can still raise a concern about it here.
CONCERN_DAYS_AFTER_END = 28

VETTING_ORDER = [
    BefrienderStatus.APPLIED,
    BefrienderStatus.INTERVIEWED,
    BefrienderStatus.REFERENCES_RECEIVED,
    BefrienderStatus.DBS_CHECKED,
    BefrienderStatus.TRAINED,
    BefrienderStatus.ACTIVE,
]
CLOSED_BEFRIENDER_STATUSES = {BefrienderStatus.LEFT, BefrienderStatus.NOT_TAKEN_FORWARD}


class TrainingModule(models.TextChoices):
    INDUCTION = "induction", _("Induction to Pace and befriending")
    SAFEGUARDING = "safeguarding", _("Safeguarding adults and children")
    EXPLOITATION = "exploitation", _("Understanding child sexual and criminal exploitation")
    RELATIONAL = "relational", _("The relational safeguarding model")
    BOUNDARIES = "boundaries", _("Boundaries, confidentiality and lone working")
    SELF_CARE = "self-care", _("Looking after yourself")


# ---------------------------------------------------------------------------------------------
# Befriender


class BefrienderQuerySet(models.QuerySet):
    def for_user(self, user):
        """The signed-in volunteer's own record (at most one)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def active(self):
        return self.filter(status=BefrienderStatus.ACTIVE)

    def with_open_match_count(self):
        return self.annotate(
            open_match_count=Count("matches", filter=Q(matches__status__in=OPEN_MATCH_STATUSES)),
            active_match_count=Count("matches", filter=Q(matches__status=MatchStatus.ACTIVE)),
        )

    def waiting_for_match(self):
        """Active volunteers with a free place: no more open matches than they may have."""
        return (
            self.active()
            .with_open_match_count()
            .filter(open_match_count__lt=F("max_active_matches"))
        )

    def dbs_renewal_due(self, *, within=timedelta(days=60), today=None):
        """Volunteers whose DBS check is over three years old, or will be within `within`."""
        today = today or timezone.localdate()
        limit = today + within - relativedelta(years=DBS_RENEWAL_YEARS)
        return self.exclude(status__in=CLOSED_BEFRIENDER_STATUSES).filter(dbs_issued_on__lte=limit)


class Befriender(models.Model):
    """A volunteer, from application to leaving. Linked to their account once they have one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="befriender",
    )
    name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    status = models.CharField(
        max_length=30, choices=BefrienderStatus.choices, default=BefrienderStatus.APPLIED
    )
    status_changed_at = models.DateTimeField(default=timezone.now)
    not_taken_forward_reason = EncryptedTextField(_("why not taken forward (private)"), blank=True)
    applied_on = models.DateField(default=timezone.localdate)
    region = models.CharField(max_length=100)
    languages = models.CharField(
        max_length=200, blank=True, help_text=_("Languages they speak, separated by commas.")
    )
    gender = models.CharField(max_length=20, choices=Gender.choices, default=Gender.NOT_SAID)
    availability = models.JSONField(default=list, blank=True)
    what_they_bring = models.TextField(_("what they bring"), blank=True)
    max_active_matches = models.PositiveSmallIntegerField(
        _("matches they may have at once"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    dbs_certificate_number = models.CharField(
        _("DBS certificate number"), max_length=20, blank=True
    )
    dbs_issued_on = models.DateField(_("DBS certificate issued on"), null=True, blank=True)
    dbs_renewal_reminded_for = models.DateField(
        null=True, blank=True, editable=False, help_text="The issue date last reminded about."
    )

    objects = BefrienderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["dbs_issued_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_active_matches__gte=1) & Q(max_active_matches__lte=5),
                name="befriender_capacity_between_1_and_5",
            ),
            models.UniqueConstraint(
                "email",
                condition=~Q(status__in=["left", "not-taken-forward"]),
                name="befriender_one_open_record_per_email",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def first_name(self) -> str:
        return first_name(self.name)

    @property
    def language_list(self) -> list[str]:
        return [part.strip() for part in self.languages.split(",") if part.strip()]

    @property
    def dbs_renewal_due_on(self) -> date | None:
        if self.dbs_issued_on is None:
            return None
        return self.dbs_issued_on + relativedelta(years=DBS_RENEWAL_YEARS)

    @property
    def next_vetting_status(self) -> str | None:
        if self.status in VETTING_ORDER[:-1]:
            return VETTING_ORDER[VETTING_ORDER.index(self.status) + 1]
        return None

    @property
    def availability_display(self) -> str:
        return describe_slots(self.availability)


class ReceivedApplicationQuerySet(models.QuerySet):
    def waiting_since(self, moment):
        """Applications received before `moment` and still not handled (a lost task)."""
        return self.filter(received_at__lt=moment)


class ReceivedApplication(models.Model):
    """A public application as it arrived, before anything is decided about it.

    The public form only stores this row and queues a task, the same work for every address, so
    neither its words nor its timing tell anyone whether an address is known here. The task
    decides in the background (a new applicant, or nothing) and deletes the row."""

    details = EncryptedTextField(help_text="The form's answers, as JSON.")
    received_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ReceivedApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["received_at", "pk"]

    def __str__(self):
        return f"Application received {timezone.localtime(self.received_at):%-d %b %Y %H:%M}"


class TrainingRecord(models.Model):
    befriender = models.ForeignKey(Befriender, on_delete=models.CASCADE, related_name="training")
    module = models.CharField(max_length=30, choices=TrainingModule.choices)
    completed_on = models.DateField()

    class Meta:
        ordering = ["completed_on", "module"]
        constraints = [
            models.UniqueConstraint(
                fields=["befriender", "module"], name="training_module_once_per_befriender"
            )
        ]

    def __str__(self):
        return f"{self.get_module_display()} ({self.completed_on:%-d %b %Y})"


class SupervisionSession(models.Model):
    """A supervision meeting with a volunteer. The notes are for staff only."""

    befriender = models.ForeignKey(
        Befriender, on_delete=models.CASCADE, related_name="supervision_sessions"
    )
    held_on = models.DateField()
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"Supervision on {self.held_on:%-d %b %Y}"


# ---------------------------------------------------------------------------------------------
# Referral


class ReferralStatus(models.TextChoices):
    WAITING = "waiting", _("waiting for a match")
    MATCHED = "matched", _("matched")
    CLOSED = "closed", _("closed")


class ReferralQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=ReferralStatus.WAITING)


class Referral(models.Model):
    """A parent referred for befriending by staff, with what they hope for and who would suit."""

    parent = models.ForeignKey(
        "participation.Parent", on_delete=models.PROTECT, related_name="befriending_referrals"
    )
    hopes = EncryptedTextField(_("what they hope for"), blank=True)
    preferred_gender = models.CharField(
        _("befriender they would prefer"),
        max_length=10,
        choices=GenderPreference.choices,
        default=GenderPreference.ANY,
    )
    preferred_language = models.CharField(max_length=50, blank=True)
    region = models.CharField(max_length=100)
    availability = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.WAITING
    )
    referred_on = models.DateField(default=timezone.localdate)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["referred_on", "pk"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"Referral of {self.parent} ({self.referred_on:%-d %b %Y})"

    @property
    def availability_display(self) -> str:
        return describe_slots(self.availability)


# ---------------------------------------------------------------------------------------------
# Match


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    INTRODUCED = "introduced", _("introduced")
    ACTIVE = "active", _("active")
    ENDED = "ended", _("ended")


OPEN_MATCH_STATUSES = [MatchStatus.PROPOSED, MatchStatus.INTRODUCED, MatchStatus.ACTIVE]


class EndingReason(models.TextChoices):
    PLANNED = "planned", _("planned ending")
    PARENT = "parent", _("the parent's choice")
    VOLUNTEER = "volunteer", _("the volunteer's choice")
    SAFEGUARDING = "safeguarding", _("safeguarding")
    OTHER = "other", _("other")


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("phone call")
    MEETING = "meeting", _("meeting in person")
    MESSAGE = "message", _("messages")


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
                condition=~Q(status="active")
                | Q(started_on__isnull=False, planned_end_on__isnull=False),
                name="match_active_has_dates",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | Q(ended_on__isnull=False) & ~Q(ending_reason=""),
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
                condition=Q(status__in=["proposed", "introduced", "active"]),
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


def parent_has_active_match(parent) -> bool:
    """All the participation app may know about befriending: whether the parent has an active
    match. Never its logs, concerns or befriender."""
    return Match.objects.active().for_parent(parent).exists()


# ---------------------------------------------------------------------------------------------
# Review


class ReviewKind(models.TextChoices):
    REGULAR = "regular", _("three-monthly review")
    ENDING = "ending", _("ending review")


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", _("carry on as agreed")
    CHANGE = "change", _("carry on with changes")
    EXTEND = "extend", _("extend the match")
    END_EARLY = "end-early", _("end the match early")
    CLOSE = "close", _("close as planned")


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


# ---------------------------------------------------------------------------------------------
# Contact logs and concerns


class ParentMood(models.TextChoices):
    WELL = "well", _("doing well")
    OKAY = "okay", _("okay")
    LOW = "low", _("low or stressed")
    WORRIED = "worried", _("I am worried about them")


class ContactLogQuerySet(models.QuerySet):
    def for_befriender(self, user):
        """A volunteer's own logs for their current match; nothing once it has ended."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(match__in=Match.objects.for_befriender(user))

    def visible_to(self, user):
        """Every log for the coordinator (and Administrators); a volunteer's own otherwise."""
        if user.is_authenticated and (
            user.is_superuser or user.has_role(Role.BEFRIENDING_COORDINATOR, Role.ADMINISTRATOR)
        ):
            return self.all()
        return self.for_befriender(user)


class ContactLog(models.Model):
    """The befriender's record of one contact with the parent. The notes are encrypted."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="contact_logs")
    happened_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("how long (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(720)]
    )
    method = models.CharField(_("how"), max_length=20, choices=ContactMethod.choices)
    parent_mood = models.CharField(
        _("how the parent seemed"), max_length=20, choices=ParentMood.choices
    )
    notes = EncryptedTextField(_("short notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The key of the form that sent it: the same form sent twice (a double click, a resend after a
    # lost connection) is saved once.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = ContactLogQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1) & Q(duration_minutes__lte=720),
                name="contactlog_duration_1_to_720_minutes",
            )
        ]

    def __str__(self):
        return f"Contact on {self.happened_on:%-d %b %Y}"


class ConcernUrgency(models.TextChoices):
    NOW = "now", _("Someone may be at risk now")
    TODAY = "today", _("Please look at this today")
    SOON = "soon", _("It can wait a few days")


class ConcernStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_HAND = "in-hand", _("in hand")
    CLOSED = "closed", _("closed with an outcome")


class ConcernQuerySet(models.QuerySet):
    def unresolved(self):
        return self.exclude(status=ConcernStatus.CLOSED)


class Concern(models.Model):
    """A safeguarding worry raised by a befriender, tracked to a recorded outcome."""

    befriender = models.ForeignKey(Befriender, on_delete=models.PROTECT, related_name="concerns")
    match = models.ForeignKey(
        Match, null=True, blank=True, on_delete=models.PROTECT, related_name="concerns"
    )
    contact_log = models.ForeignKey(
        ContactLog, null=True, blank=True, on_delete=models.SET_NULL, related_name="concerns"
    )
    urgency = models.CharField(max_length=10, choices=ConcernUrgency.choices)
    details = EncryptedTextField(_("what happened"))
    raised_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=ConcernStatus.choices, default=ConcernStatus.OPEN
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = EncryptedTextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = ConcernQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["status", "raised_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="concern_closed_has_date",
            )
        ]

    def __str__(self):
        return f"Concern raised {timezone.localtime(self.raised_at):%-d %b %Y %H:%M}"
