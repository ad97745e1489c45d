"""Changes and records of the reports: saving a definition; the audit of each view and
export."""

from typing import Any

from django.db import transaction

from pace_site.accounts.models import User
from pace_site.audit.services import record

from ..models import SavedReport


def save_report_definition(
    name: str, *, choices: dict[str, Any], sections: list[str], by: User
) -> SavedReport:
    """Save the report page's choices under a name, to run again (the period as its rule, or
    fixed dates)."""
    fixed = choices["period"] == "fixed"
    with transaction.atomic():
        saved = SavedReport.objects.create(
            name=name,
            period=choices["period"],
            starts_on=choices["starts_on"] if fixed else None,
            ends_on=choices["ends_on"] if fixed else None,
            programme=choices.get("programme") or "",
            region=choices.get("region") or "",
            activity_type_id=choices.get("activity_type"),
            sections=list(sections),
            created_by=by,
        )
        record("outcomes.saved_report.saved", saved, by=by, data={"period": choices["period"]})
    return saved


def record_report(user: User, *, data: dict[str, Any], export: str = "") -> None:
    """One audit row per opening or export of the report, with the filters chosen."""
    if export:
        record("outcomes.report.exported", SavedReport, by=user, data={**data, "format": export})
    else:
        record("outcomes.report.viewed", SavedReport, by=user, data=data)
