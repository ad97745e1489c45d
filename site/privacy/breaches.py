"""Changes to the breach log: record, assess, mark reported, mark people told, close.

Each is one transaction on a locked row, written to the audit trail with ids and choices only.
A step that makes no sense for the breach as it stands is refused in plain words and changes
nothing. Who may call them: Administrators (the workspace's access rule).
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from pace_site.audit.services import record
from pace_site.services import ServiceError

from .models import Breach, BreachRisk


class BreachError(ServiceError):
    """A change to the breach log was refused."""


def _locked(breach: Breach) -> Breach:
    return Breach.objects.select_for_update().get(pk=breach.pk)


def _open(breach: Breach) -> Breach:
    breach = _locked(breach)
    if breach.closed_at is not None:
        raise BreachError("This breach is closed; nothing more can be recorded on it.")
    return breach


def _not_before_discovery(breach: Breach, when: datetime, what: str) -> None:
    if when < breach.discovered_at:
        raise BreachError(f"{what} cannot be before we found out about the breach.")
    if when > timezone.now():
        raise BreachError(f"{what} cannot be in the future.")


def record_breach(
    *,
    what_happened: str,
    discovered_at: datetime,
    happened_at: datetime | None = None,
    people_affected: Iterable[Any] = (),
    others_affected: int = 0,
    data_kinds: Iterable[str] = (),
    by: Any,
) -> Breach:
    """Start the log entry for a breach just found out about; the 72-hour clock runs from
    `discovered_at`."""
    if happened_at is not None and happened_at > discovered_at:
        raise BreachError("It cannot have happened after we found out about it.")
    with transaction.atomic():
        breach = Breach.objects.create(
            what_happened=what_happened,
            discovered_at=discovered_at,
            happened_at=happened_at,
            discovered_by=by,
            recorded_by=by,
            others_affected=others_affected,
            data_kinds=sorted(set(data_kinds)),
        )
        people = list(people_affected)
        breach.people_affected.set(people)
        record(
            "privacy.breach.recorded",
            breach,
            by=by,
            data={"people": len(people), "others": others_affected, "kinds": breach.data_kinds},
        )
    return breach


def assess_breach(
    breach: Breach, *, risk: str, notes: str, must_report: bool, not_reported_reason: str, by: Any
) -> Breach:
    """Record the risk and whether the ICO must be told. Only a breach unlikely to put anyone
    at risk may go unreported, and then with the reason."""
    with transaction.atomic():
        breach = _open(breach)
        if breach.reported_at is not None:
            raise BreachError("This breach has already been reported to the ICO.")
        if not must_report and risk != BreachRisk.NO_RISK:
            raise BreachError(
                "A breach that may put people at risk must be reported to the ICO within 72 hours."
            )
        if not must_report and not not_reported_reason:
            raise BreachError("Say why this breach does not need reporting.")
        breach.risk = risk
        breach.risk_notes = notes
        breach.must_report = must_report
        breach.not_reported_reason = "" if must_report else not_reported_reason
        breach.assessed_at = timezone.now()
        breach.assessed_by = by
        breach.save()
        record(
            "privacy.breach.assessed",
            breach,
            by=by,
            data={"risk": risk, "must_report": must_report},
        )
    return breach


def mark_reported(breach: Breach, *, reported_at: datetime, reference: str, by: Any) -> Breach:
    with transaction.atomic():
        breach = _open(breach)
        if breach.must_report is not True:
            raise BreachError("Assess the breach first: say whether it must be reported.")
        if breach.reported_at is not None:
            raise BreachError("This breach has already been reported to the ICO.")
        _not_before_discovery(breach, reported_at, "The report")
        breach.reported_at = reported_at
        breach.ico_reference = reference
        breach.save(update_fields=["reported_at", "ico_reference"])
        record(
            "privacy.breach.reported",
            breach,
            by=by,
            data={"in_time": reported_at <= breach.report_due_at},
        )
    return breach


def mark_people_told(breach: Breach, *, told_at: datetime, how: str, by: Any) -> Breach:
    with transaction.atomic():
        breach = _open(breach)
        if breach.people_told_at is not None:
            raise BreachError("The people affected have already been marked as told.")
        if not breach.people_affected.exists() and not breach.others_affected:
            raise BreachError("No one is recorded as affected by this breach.")
        _not_before_discovery(breach, told_at, "Telling people")
        breach.people_told_at = told_at
        breach.people_told_how = how
        breach.save(update_fields=["people_told_at", "people_told_how"])
        record("privacy.breach.people_told", breach, by=by, data={"how": how})
    return breach


def close_breach(breach: Breach, *, by: Any) -> Breach:
    with transaction.atomic():
        breach = _open(breach)
        if not breach.risk or breach.must_report is None:
            raise BreachError("Assess the breach before closing it.")
        if breach.must_report and breach.reported_at is None:
            raise BreachError("Record the report to the ICO before closing the breach.")
        breach.closed_at = timezone.now()
        breach.closed_by = by
        breach.save(update_fields=["closed_at", "closed_by"])
        record("privacy.breach.closed", breach, by=by)
    return breach
