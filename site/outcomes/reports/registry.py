"""The sections of the outcomes report, registered by the apps.

The platform knows no app's models: each app registers its sections from its `reports.py` in
`AppConfig.ready()`:

    register_section(
        "participation",
        title="Participation",
        programme="participation",
        build=build_participation,   # (ReportFilters) -> list[Table]
        order=10,
    )

A `build` runs a fixed number of aggregate queries (never a loop over rows) and returns tables
of raw counts; every count of people in a table is shown through `suppression` when the report
is rendered or exported, so a section never formats a count itself.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

PROGRAMMES = {
    "participation": "Parent participation",
    "befriending": "Befriending",
    "events": "Events",
    "other": "Other: the support line",
}


@dataclass(frozen=True)
class ReportFilters:
    """What a report is about: the period (both days included) and the optional filters."""

    starts_on: datetime.date
    ends_on: datetime.date
    programme: str = ""
    region: str = ""
    activity_type: int | None = None
    include_text: bool = False

    @property
    def period_start(self) -> datetime.datetime:
        from django.utils import timezone

        return timezone.make_aware(datetime.datetime.combine(self.starts_on, datetime.time.min))

    @property
    def period_end(self) -> datetime.datetime:
        """The first moment after the period."""
        from django.utils import timezone

        day_after = self.ends_on + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day_after, datetime.time.min))


# How a table's cells are shown: "people" (a count of people: suppressed), "breakdown" (the
# parts of a total: suppressed together), "share" (columns n and N: "n of N (x%)"), "plain" (a
# figure about no one in particular: days, weeks, places offered).
@dataclass
class Table:
    title: str
    columns: Sequence[str]
    rows: list[list[Any]]
    kinds: Sequence[str] = ()  # per column after the first; default "people"
    note: str = ""
    chart: bool = True  # draw a bar chart of one figure column
    chart_column: int = 1  # which: the first figure column unless said
    label_columns: int = 1  # the columns that name a bar (joined with ": ")
    description: str = ""


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    build: Callable[[ReportFilters], list[Table]]
    programme: str = ""
    order: int = 100
    activity_types: Callable[[], list[tuple[int, str]]] | None = None


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table] = field(default_factory=list)


_SECTIONS: dict[str, SectionSpec] = {}


def register_section(
    key: str,
    *,
    title: str,
    build: Callable[[ReportFilters], list[Table]],
    programme: str = "",
    order: int = 100,
    activity_types: Callable[[], list[tuple[int, str]]] | None = None,
) -> None:
    """Add a section to the report. `programme` ("participation", "befriending", "events",
    "other", or "" for a section about every programme) lets the programme filter leave it out;
    `activity_types` lists the (id, name) the activity type filter offers."""
    _SECTIONS[key] = SectionSpec(key, title, build, programme, order, activity_types)


def registered_sections() -> list[SectionSpec]:
    return sorted(_SECTIONS.values(), key=lambda spec: (spec.order, spec.key))


def section_choices() -> list[tuple[str, str]]:
    return [(spec.key, spec.title) for spec in registered_sections()]


def activity_type_choices() -> list[tuple[int, str]]:
    choices: list[tuple[int, str]] = []
    for spec in registered_sections():
        if spec.activity_types is not None:
            choices.extend(spec.activity_types())
    return choices


def build_report(filters: ReportFilters, *, keys: Sequence[str] = ()) -> list[Section]:
    """The report's sections for these filters (all of them when `keys` is empty), leaving out
    those of another programme."""
    sections = []
    for spec in registered_sections():
        if keys and spec.key not in keys:
            continue
        if filters.programme and spec.programme and spec.programme != filters.programme:
            continue
        sections.append(Section(spec.key, spec.title, spec.build(filters)))
    return sections
