"""Participation's sections of the outcomes report (pace_site.outcomes.reports): parents
active, paused and left; sign-ups by activity type; check-in coverage. Every figure is one
aggregate query.

Hours contributed count each time a parent took part at the hours its opportunity's length stands
for (participation.models.LENGTH_HOURS: up to 2 hours = 2, half a day = 3.5, a full day = 7);
taking part in an opportunity with no length set adds nothing.
"""

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)

from pace_site.outcomes.reports.registry import ReportFilters, Table, register_section

from .models import (
    LENGTH_HOURS,
    ActivityType,
    CheckIn,
    Parent,
    ParentStatus,
    SignUp,
    SignUpStatus,
)
from .models.impact import ChangeContribution

HAD_A_PLACE = (SignUpStatus.CONFIRMED, SignUpStatus.TOOK_PART, SignUpStatus.DID_NOT_TAKE_PART)


def _parents(filters: ReportFilters):
    parents = Parent.objects.filter(joined_on__lte=filters.ends_on)
    if filters.region:
        parents = parents.filter(region__iexact=filters.region)
    return parents


def parents_table(filters: ReportFilters) -> Table:
    counts = _parents(filters).aggregate(
        active=Count("pk", filter=Q(status=ParentStatus.ACTIVE)),
        paused=Count("pk", filter=Q(status=ParentStatus.PAUSED)),
        left=Count("pk", filter=Q(status=ParentStatus.LEFT)),
        joined=Count("pk", filter=Q(joined_on__gte=filters.starts_on)),
    )
    return Table(
        title="Parents in the core group",
        columns=["Parents", "Number"],
        kinds=["breakdown"],
        rows=[
            ["Taking part now", counts["active"]],
            ["On a break now", counts["paused"]],
            ["Have left", counts["left"]],
        ],
        note=(
            f"Parents who had joined by the end of the period, as they are today. "
            f"Joined in the period: {_people_words(counts['joined'])}."
        ),
    )


def _people_words(count: int) -> str:
    from pace_site.outcomes.reports.suppression import people

    return str(people(count))


def sign_ups_table(filters: ReportFilters) -> Table:
    sign_ups = SignUp.objects.filter(
        created_at__gte=filters.period_start, created_at__lt=filters.period_end
    )
    if filters.region:
        sign_ups = sign_ups.filter(parent__region__iexact=filters.region)
    if filters.activity_type:
        sign_ups = sign_ups.filter(opportunity__activity_type_id=filters.activity_type)
    # A contribution with a recorded change: taking part that "You said, we did" links to what
    # it changed.
    changed = Exists(ChangeContribution.objects.filter(sign_up=OuterRef("pk")))
    rows = (
        sign_ups.annotate(changed=changed)
        .values("opportunity__activity_type__name")
        .annotate(
            signed_up=Count("pk"),
            had_place=Count("pk", filter=Q(status__in=HAD_A_PLACE)),
            took_part=Count("pk", filter=Q(status=SignUpStatus.TOOK_PART)),
            parents=Count("parent", filter=Q(status=SignUpStatus.TOOK_PART), distinct=True),
            with_change=Count("pk", filter=Q(status=SignUpStatus.TOOK_PART, changed=True)),
            hours=Sum(_hours_taking_part()),
        )
        .order_by("opportunity__activity_type__name")
    )
    return Table(
        title="Sign-ups by activity type",
        columns=[
            "Activity type",
            "Signed up",
            "Had a place",
            "Took part",
            "Parents who took part",
            "Contributions with a recorded change",
            "Hours contributed",
        ],
        kinds=["people", "people", "people", "people", "people", "plain"],
        rows=[
            [
                row["opportunity__activity_type__name"] or "No type",
                row["signed_up"],
                row["had_place"],
                row["took_part"],
                row["parents"],
                row["with_change"],
                _hours_words(row["hours"]),
            ]
            for row in rows
        ],
        note=(
            "Sign-ups made in the period. A contribution with a recorded change is taking part "
            'that "You said, we did" links to what it changed. Hours contributed: each time a '
            "parent took part, counted as 2 hours for up to 2 hours, 3.5 for half a day and 7 "
            "for a full day (preparation included); activities with no length set add none."
        ),
    )


def _hours_taking_part():
    """The hours one sign-up contributes: its opportunity's length, if the parent took part."""
    return Case(
        *(
            When(status=SignUpStatus.TOOK_PART, opportunity__length=length, then=Value(hours))
            for length, hours in LENGTH_HOURS.items()
        ),
        default=Value(0.0),
        output_field=FloatField(),
    )


def _hours_words(hours: float | None) -> str:
    hours = round(hours or 0, 1)
    return f"{hours:g}"


def check_ins_table(filters: ReportFilters) -> Table:
    """Coverage: each check-in sets the day the next one is due; of those due in the period,
    how many were done, and done by that day."""
    # The parent's next check-in after each one: one index seek per row (parent, happened_at).
    next_at = (
        CheckIn.objects.filter(parent=OuterRef("parent"), happened_at__gt=OuterRef("happened_at"))
        .order_by("happened_at")
        .values("happened_at")[:1]
    )
    due = CheckIn.objects.filter(
        next_due_on__gte=filters.starts_on, next_due_on__lte=filters.ends_on
    )
    done = CheckIn.objects.filter(
        happened_at__gte=filters.period_start, happened_at__lt=filters.period_end
    )
    if filters.region:
        due = due.filter(parent__region__iexact=filters.region)
        done = done.filter(parent__region__iexact=filters.region)
    coverage = due.annotate(next_at=Subquery(next_at)).aggregate(
        due=Count("pk"),
        done=Count("pk", filter=Q(next_at__isnull=False)),
        on_time=Count("pk", filter=Q(next_at__date__lte=F("next_due_on"))),
    )
    held = done.aggregate(check_ins=Count("pk"), parents=Count("parent", distinct=True))
    return Table(
        title="Check-ins",
        columns=["Check-ins", "Number"],
        rows=[
            ["Due in the period", coverage["due"]],
            ["Of those, done", coverage["done"]],
            ["Of those, done by the day they were due", coverage["on_time"]],
            ["Check-ins held in the period", held["check_ins"]],
            ["Parents who checked in", held["parents"]],
        ],
        chart=False,
    )


def build_participation(filters: ReportFilters) -> list[Table]:
    return [parents_table(filters), sign_ups_table(filters), check_ins_table(filters)]


def activity_types() -> list[tuple[int, str]]:
    return list(ActivityType.objects.order_by("name").values_list("pk", "name"))


def register() -> None:
    register_section(
        "participation",
        title="Parent participation",
        programme="participation",
        build=build_participation,
        order=10,
        activity_types=activity_types,
    )
