"""Events' section of the outcomes report (pace_site.outcomes.reports): places, attendance,
places that came from the waiting list, and feedback. Two aggregate queries.
"""

from django.db.models import Count, Q, Sum

from pace_site.outcomes.reports.registry import ReportFilters, Table, register_section

from .models import Event, EventStatus, Feedback, Registration, RegistrationStatus

HAD_A_PLACE = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.ATTENDED,
    RegistrationStatus.DID_NOT_ATTEND,
)
FEEDBACK_QUESTIONS = (
    ("felt_less_alone", "Felt less alone"),
    ("met_someone_who_understands", "Met someone who understands"),
    ("more_confident", "Felt more confident"),
)


def _in_period(filters: ReportFilters, prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}starts_at__gte": filters.period_start,
            f"{prefix}starts_at__lt": filters.period_end,
            f"{prefix}status": EventStatus.SCHEDULED,
        }
    ) & (Q(**{f"{prefix}region__iexact": filters.region}) if filters.region else Q())


def places_table(filters: ReportFilters) -> Table:
    events = Event.objects.filter(_in_period(filters)).aggregate(
        events=Count("pk"), places=Sum("capacity")
    )
    counts = Registration.objects.filter(_in_period(filters, "event__")).aggregate(
        had_place=Count("pk", filter=Q(status__in=HAD_A_PLACE)),
        attended=Count("pk", filter=Q(status=RegistrationStatus.ATTENDED)),
        waited=Count("pk", filter=Q(waitlist_number__isnull=False) | Q(promoted_at__isnull=False)),
        promoted=Count("pk", filter=Q(promoted_at__isnull=False)),
    )
    return Table(
        title="Events: places and attendance",
        columns=["Events", "Number"],
        rows=[
            ["Had a place", counts["had_place"]],
            ["Came", counts["attended"]],
            ["Joined the waiting list", counts["waited"]],
            ["Of those, given a place", counts["promoted"]],
        ],
        note=(
            f"Events held in the period: {events['events']}, with {events['places'] or 0} "
            "places offered."
        ),
    )


def feedback_table(filters: ReportFilters) -> Table:
    counts = Feedback.objects.filter(_in_period(filters, "registration__event__")).aggregate(
        given=Count("pk"),
        **{
            f"{field}_yes": Count("pk", filter=Q(**{field: "yes"}))
            for field, _label in FEEDBACK_QUESTIONS
        },
    )
    return Table(
        title="Events: feedback",
        note='Feedback from people who came; "a little" is not counted as yes.',
        columns=["Question", "Said yes", "Answered", "Share"],
        kinds=["share_n", "share_N", "share_pct"],
        rows=[
            [
                label,
                counts[f"{field}_yes"],
                counts["given"],
                None,
            ]
            for field, label in FEEDBACK_QUESTIONS
        ],
    )


def build_events(filters: ReportFilters) -> list[Table]:
    return [places_table(filters), feedback_table(filters)]


def register() -> None:
    register_section("events", title="Events", programme="events", build=build_events, order=30)
