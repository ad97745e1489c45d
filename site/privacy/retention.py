"""Retention: rows past their period are anonymised or deleted, as the registry says.

Each table declared with a `Retention` rule keeps its rows for `months` calendar months (and
`days`) after the date at `after` (an ORM path, which may cross to a related row: the match's
end, the event's end), for the rows matching `when`. Then the table's action is applied
(`PersonalData.retention_action`): anonymising writes the declared `anonymise` values, deleting
removes the row.

`plan(now)` counts, per table, the rows that would be touched; `apply(now)` touches them, in
batches ordered by id, each batch in its own transaction. Rows already anonymised (every
declared value already in place) are neither counted nor touched again, so the dry run and the
real run agree and a second run does nothing. `run(now=..., by=...)` is what the nightly task
and the command call: it applies, writes one audit entry with the counts and tells the
administrators (counts only, never a name).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from pace_site.audit.services import record
from pace_site.crypto import EncryptedTextField

from .registry import Erase, PersonalData, with_retention

LONDON = ZoneInfo("Europe/London")
BATCH_SIZE = 500


@dataclass(frozen=True)
class Step:
    """What retention does (or would do) to one table: `count` rows, `action`."""

    entry: PersonalData
    action: Erase
    count: int

    @property
    def model(self) -> str:
        return self.entry.model

    @property
    def record_type(self) -> str:
        return str(self.entry.model_class._meta.verbose_name_plural)

    @property
    def note(self) -> str:
        assert self.entry.retention is not None
        return self.entry.retention.note

    @property
    def verb(self) -> str:
        return "deleted" if self.action == Erase.DELETE else "anonymised"


def cutoff(entry: PersonalData, now: datetime) -> date | datetime:
    """The moment before which a row's `after` date is past its period: calendar months and
    days counted back from `now` in Europe/London; a date for date fields."""
    retention = entry.retention
    assert retention is not None
    local = timezone.localtime(now, LONDON)
    moment = local - relativedelta(months=retention.months, days=retention.days)
    if isinstance(_final_field(entry.model_class, retention.after), models.DateTimeField):
        return moment
    return moment.date()


def _final_field(model: Any, path: str) -> Any:
    *hops, last = path.split("__")
    for hop in hops:
        model = model._meta.get_field(hop).related_model
    return model._meta.get_field(last)


def _already_done(entry: PersonalData) -> Q | None:
    """Rows whose anonymised fields already hold their anonymised values; None when no field
    can say so in the database (values computed per row, encrypted words)."""
    model = entry.model_class
    query = Q()
    found = False
    for name, value in entry.anonymise.items():
        if callable(value):
            continue
        field = model._meta.get_field(name)
        if value is None:
            query &= Q(**{f"{name}__isnull": True})
        elif isinstance(field, EncryptedTextField) and value != "":
            continue  # encrypted afresh each time: never equal in the database
        else:
            query &= Q(**{name: value})
        found = True
    return query if found else None


def due(entry: PersonalData, now: datetime) -> models.QuerySet:
    """The rows of `entry`'s table past their period that retention still has to touch."""
    retention = entry.retention
    assert retention is not None
    rows = entry.model_class._default_manager.filter(
        **{f"{retention.after}__lt": cutoff(entry, now)}
    )
    if retention.when is not None:
        rows = rows.filter(retention.when)
    if entry.retention_action == Erase.ANONYMISE:
        done = _already_done(entry)
        if done is not None:
            rows = rows.exclude(done)
    return rows


def plan(now: datetime | None = None) -> list[Step]:
    """Per table with a retention rule: how many rows are past their period, and what will
    happen to them. One count query per table."""
    now = now or timezone.now()
    return [
        Step(entry, entry.retention_action, due(entry, now).count())  # type: ignore[arg-type]
        for entry in with_retention()
    ]


def _anonymise(entry: PersonalData, rows: models.QuerySet) -> int:
    constants = {name: v for name, v in entry.anonymise.items() if not callable(v)}
    computed = {name: v for name, v in entry.anonymise.items() if callable(v)}
    if not computed:
        return rows.update(**constants)
    # Values made per row (addresses that must stay unique): one bulk update for the batch.
    changed = list(rows.only("pk", *computed))
    for row in changed:
        for name, make in computed.items():
            setattr(row, name, make(row))
    manager = entry.model_class._default_manager
    manager.bulk_update(changed, list(computed))
    if constants:
        manager.filter(pk__in=[row.pk for row in changed]).update(**constants)
    return len(changed)


def _delete(entry: PersonalData, rows: models.QuerySet) -> int:
    _total, per_model = rows.delete()
    return per_model.get(entry.model_class._meta.label, 0)


def _apply_table(entry: PersonalData, now: datetime, batch_size: int) -> int:
    """Touch every due row of one table, `batch_size` at a time, each batch in its own
    transaction; only ids are held in memory."""
    touched = 0
    last = None
    while True:
        with transaction.atomic():
            rows = due(entry, now).order_by("pk")
            if last is not None:
                rows = rows.filter(pk__gt=last)
            ids = list(rows.values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            # The same rules again, so a row that changed since it was counted is left alone.
            batch = due(entry, now).filter(pk__in=ids)
            if entry.retention_action == Erase.DELETE:
                touched += _delete(entry, batch)
            else:
                touched += _anonymise(entry, batch)
            last = ids[-1]
        if len(ids) < batch_size:
            break
    return touched


def apply(now: datetime | None = None, *, batch_size: int = BATCH_SIZE) -> list[Step]:
    """Anonymise or delete every row past its period; returns what was done per table."""
    now = now or timezone.now()
    return [
        Step(entry, entry.retention_action, _apply_table(entry, now, batch_size))  # type: ignore[arg-type]
        for entry in with_retention()
    ]


def counts(steps: list[Step]) -> dict[str, int]:
    """{"participation.CheckIn": 12, ...} for the tables where something happens."""
    return {step.model: step.count for step in steps if step.count}


def describe(steps: list[Step], *, done: bool) -> list[str]:
    """The plan or the result in plain words, one line per table with something to do."""
    lines = []
    for step in steps:
        if not step.count:
            continue
        verb = step.verb if done else f"to be {step.verb}"
        lines.append(f"{step.record_type}: {step.count} {verb}. ({step.note})")
    return lines or ["Nothing is past its retention period."]


def run(*, now: datetime | None = None, by: Any = None, batch_size: int = BATCH_SIZE) -> list[Step]:
    """Apply retention, record it in the audit trail with the counts, and tell the
    administrators when anything was done (counts only)."""
    from pace_site.accounts.roles import Role
    from pace_site.notifications.services import notify_role

    steps = apply(now, batch_size=batch_size)
    done = counts(steps)
    anonymised = sum(s.count for s in steps if s.action == Erase.ANONYMISE)
    deleted = sum(s.count for s in steps if s.action == Erase.DELETE)
    with transaction.atomic():
        record(
            "privacy.retention.applied",
            by=by,
            data={"anonymised": anonymised, "deleted": deleted, "tables": done},
        )
        if done:
            notify_role(
                Role.ADMINISTRATOR,
                "privacy/retention_done",
                context={"lines": describe(steps, done=True)},
            )
    return steps
