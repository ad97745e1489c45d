"""Writing the audit trail: `record(code, obj, by=..., data=...)`.

`data` is a small dict of ids, dates, counts and choice values that say what changed; never
the sensitive text itself (no notes, reasons, messages or names). Keys that usually carry such
text are refused, and strings are kept short, so a mistake shows up in tests, not in the trail.
"""

import datetime
import decimal
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models

from . import registry
from .models import AuditEntry

DATA_MAX_STRING = 64
DATA_MAX_KEYS = 16
# Keys that would carry free text or a person's name; the trail holds ids and choices instead.
FORBIDDEN_KEYS = frozenset(
    {
        "name",
        "names",
        "first_name",
        "last_name",
        "full_name",
        "display_name",
        "email",
        "phone",
        "note",
        "notes",
        "reason",
        "reason_text",
        "text",
        "body",
        "message",
        "summary",
        "comment",
        "comments",
        "details",
        "description",
        "query",
        "q",
        "search",
    }
)


class UnsafeAuditData(ValueError):
    """The structured data for an audit entry was not a small dict of ids and choices."""


def _scalar(value):
    """A value stored as it is or as text; None when it is not a plain scalar."""
    if isinstance(value, float | decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return None


def _clean_value(key: str, value):
    if value is None or isinstance(value, bool | int):
        return value
    scalar = _scalar(value)
    if scalar is not None:
        return scalar
    if isinstance(value, str):
        if len(value) > DATA_MAX_STRING or "\n" in value:
            raise UnsafeAuditData(
                f"Audit data {key!r} looks like free text; store an id or choice."
            )
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        if len(items) > 50:
            raise UnsafeAuditData(f"Audit data {key!r} is too long a list.")
        return [_clean_value(key, item) for item in items]
    if isinstance(value, dict):
        return clean_data(value)
    raise UnsafeAuditData(f"Audit data {key!r} has a value of type {type(value).__name__}.")


def clean_data(data: dict | None) -> dict:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UnsafeAuditData("Audit data must be a dict.")
    if len(data) > DATA_MAX_KEYS:
        raise UnsafeAuditData("Audit data has too many keys.")
    cleaned = {}
    for key, value in data.items():
        if not isinstance(key, str):
            raise UnsafeAuditData("Audit data keys must be strings.")
        if key.lower() in FORBIDDEN_KEYS:
            raise UnsafeAuditData(f"Audit data may not hold {key!r}; store an id or choice.")
        cleaned[key] = _clean_value(key, value)
    return cleaned


def describe(obj: models.Model | type[models.Model] | None) -> str:
    """What the row is about, without its contents: "check-in 12", never a name."""
    if obj is None:
        return ""
    if isinstance(obj, type):
        return f"{obj._meta.verbose_name_plural} list"
    return f"{obj._meta.verbose_name} {obj.pk}"


def record(code: str, obj=None, *, by, data: dict | None = None) -> AuditEntry:
    """Write one audit row for a registered `code` about `obj` (a record, a model class for a
    listing, or None), done `by` a user (None for the system)."""
    registry.check(code)
    content_type = None
    object_id = ""
    if obj is not None:
        model = obj if isinstance(obj, type) else type(obj)
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        if not isinstance(obj, type):
            object_id = str(obj.pk)
    return AuditEntry.objects.create(
        user=by if (by is not None and by.is_authenticated) else None,
        action=code,
        content_type=content_type,
        object_id=object_id,
        object_repr=describe(obj),
        data=clean_data(data),
    )


def record_view(request, code: str, obj, data: dict | None = None) -> AuditEntry:
    """A staff member (or the owner) opened a sensitive record or listing."""
    return record(code, obj, by=request.user, data=data)


def listing_data(request, *, page=None, filters: tuple[str, ...] = ()) -> dict:
    """The page and filter choices of a listing view, for its audit row. A search term is
    free text, so only whether one was used is kept."""
    data = {}
    if page is not None:
        data["page"] = page
    chosen = {}
    for name in filters:
        values = request.GET.getlist(name)
        values = [v[:DATA_MAX_STRING] for v in values if v]
        if values:
            chosen[name] = values if len(values) > 1 else values[0]
    if chosen:
        data["filters"] = chosen
    if request.GET.get("q"):
        data["searched"] = True
    return data


def record_export(user, model, spreadsheet_format: str) -> AuditEntry:
    """A listing of `model` left the system as a spreadsheet: who took it, and when."""
    return record(
        "audit.listing.exported", model, by=user, data={"format": str(spreadsheet_format)}
    )
