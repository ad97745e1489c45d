"""The support line's section of the outcomes report (the "other" programme): contacts in the
period, how and by whom, what about, and where they led. One aggregate query, whatever the
number of contacts."""

from django.db.models import Count, Q, Sum

from pace_site.outcomes.reports.registry import ReportFilters, Table, register_section

from .models import Caller, Concern, ContactChannel, ReferredTo, SupportContact

BREAKDOWNS = (
    ("channel", "How they got in touch", ContactChannel),
    ("caller", "Who got in touch", Caller),
    ("concern", "What it was about", Concern),
    ("referred_to", "Where it led", ReferredTo),
)


def _figures(filters: ReportFilters) -> dict[str, int]:
    contacts = SupportContact.objects.in_period(filters.starts_on, filters.ends_on).in_region(
        filters.region
    )
    counts = {
        f"{field}:{value}": Count("pk", filter=Q(**{field: value}))
        for field, _title, choices in BREAKDOWNS
        for value in choices.values
    }
    return contacts.aggregate(
        total=Count("pk"),
        first=Count("pk", filter=Q(first_contact=True)),
        minutes=Sum("minutes"),
        **counts,
    )


def build_support_line(filters: ReportFilters) -> list[Table]:
    figures = _figures(filters)
    hours = round((figures["minutes"] or 0) / 60)
    tables = [
        Table(
            title="Support line contacts",
            columns=["Contacts", "Number"],
            rows=[
                ["Contacts in the period", figures["total"]],
                ["First time in touch with Pace", figures["first"]],
            ],
            note=f"About {hours} hours on the line. Counted from the tally staff keep, which "
            "holds no names.",
            chart=False,
        )
    ]
    for field, title, choices in BREAKDOWNS:
        tables.append(
            Table(
                title=title,
                columns=[title, "Contacts"],
                kinds=["breakdown"],
                rows=[
                    [str(label), figures[f"{field}:{value}"]] for value, label in choices.choices
                ],
            )
        )
    return tables


def register() -> None:
    register_section(
        "support_line",
        title="Support line",
        programme="other",
        build=build_support_line,
        order=35,
    )
