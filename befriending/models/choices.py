"""What every befriending record shares: the rules' numbers (6–18 months, reviews every three
months, DBS every three years), calendar-month dates, and the choices stored on the records."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import DateField, Func
from django.utils.translation import gettext_lazy as _

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
    (f"{day}_{part}", f"{day_label} {part_label}")
    for day, day_label in DAYS
    for part, part_label in PARTS_OF_DAY
]
AVAILABILITY_LABELS = dict(AVAILABILITY_CHOICES)


def describe_slots(slots) -> str:
    return ", ".join(str(AVAILABILITY_LABELS.get(slot, slot)) for slot in slots)


class Gender(models.TextChoices):
    WOMAN = "woman", _("woman")
    MAN = "man", _("man")
    NON_BINARY = "non_binary", _("non-binary")
    NOT_SAID = "not_said", _("prefer not to say")


class GenderPreference(models.TextChoices):
    ANY = "any", _("no preference")
    WOMAN = "woman", _("a woman")
    MAN = "man", _("a man")


class BefrienderStatus(models.TextChoices):
    APPLIED = "applied", _("applied")
    INTERVIEWED = "interviewed", _("interviewed")
    REFERENCES_RECEIVED = "references_received", _("references received")
    DBS_CHECKED = "dbs_checked", _("DBS checked")
    TRAINED = "trained", _("trained")
    ACTIVE = "active", _("active")
    PAUSED = "paused", _("paused")
    LEFT = "left", _("left")
    NOT_TAKEN_FORWARD = "not_taken_forward", _("not taken forward")


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
    SELF_CARE = "self_care", _("Looking after yourself")


class ReferralStatus(models.TextChoices):
    WAITING = "waiting", _("waiting for a match")
    MATCHED = "matched", _("matched")
    CLOSED = "closed", _("closed")


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


class ReviewKind(models.TextChoices):
    REGULAR = "regular", _("three-monthly review")
    ENDING = "ending", _("ending review")


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", _("carry on as agreed")
    CHANGE = "change", _("carry on with changes")
    EXTEND = "extend", _("extend the match")
    END_EARLY = "end_early", _("end the match early")
    CLOSE = "close", _("close as planned")


class ParentMood(models.TextChoices):
    WELL = "well", _("doing well")
    OKAY = "okay", _("okay")
    LOW = "low", _("low or stressed")
    WORRIED = "worried", _("I am worried about them")


class ConcernUrgency(models.TextChoices):
    NOW = "now", _("Someone may be at risk now")
    TODAY = "today", _("Please look at this today")
    SOON = "soon", _("It can wait a few days")


class ConcernStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_HAND = "in_hand", _("in hand")
    CLOSED = "closed", _("closed with an outcome")
