"""The erasure engine: what erasing a person does to every table, read from the registry.

`plan(subject)` says, per table, how many of the person's rows would be deleted, anonymised or
kept (with the legal reason); `erase(subject, by=...)` does it, inside the caller's transaction.
The subject is the person's account, or, for someone who never had one (a volunteer's
application), their own record in an app (a `person_record` table):

1. the person's rows in every declared table are found through the registry (`subject`, read
   from the record for someone without an account; and `address_field` for rows sent to their
   address before they had an account);
2. tables erased by DELETE go first, each row's dependants with it (a table an app erases itself,
   such as the public site's stories, through the eraser it registered);
3. rows of ANONYMISE tables get the declared values; rows of KEEP tables lose the declared
   fields and stay, with the reason recorded;
4. every foreign key recording that the person did something (`actors`) is cleared;
5. audit entries and the staff workspace's change log about any of those rows keep their action
   and time but lose their details and record names;
6. the person's sign-in sessions end.

The result is counts per table, never the erased words.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ..registry import (
    Erase,
    PersonalData,
    actor_references,
    entry_for,
    eraser_for,
    personal_data,
)

# The change logs that name records: the audit trail (declared, KEEP) and Wagtail's log of edits
# made in the staff workspace (its `label` is the record's name at the time).
AUDIT_MODEL = "audit.AuditEntry"
WAGTAIL_LOG_MODEL = "wagtailcore.ModelLogEntry"


def _is_account(subject: models.Model) -> bool:
    return isinstance(subject, get_user_model())


def _addresses(subject: models.Model) -> set[str]:
    """The e-mail addresses of the person: their account's, or their record's own."""
    from allauth.account.models import EmailAddress

    email = getattr(subject, "email", "") or ""
    found = {email.lower()} if email else set()
    if _is_account(subject):
        found.update(
            e.lower()
            for e in EmailAddress.objects.filter(user=subject).values_list("email", flat=True)
        )
    return found


def _addressed(entry: PersonalData, addresses: set[str]) -> list:
    """Rows of `entry` linked to no account but sent to one of the person's addresses (the
    address is encrypted, so it is compared here rather than in the database; such rows are
    few: invitations and reset requests, kept briefly)."""
    unlinked = Q()
    for path in entry.subject:
        unlinked &= Q(**{f"{path}__isnull": True})
    rows = entry.model_class._default_manager.filter(unlinked)
    return [
        pk
        for pk, address in rows.values_list("pk", entry.address_field).iterator()
        if address and address.strip().lower() in addresses
    ]


def paths_to_record(entry: PersonalData, model: type[models.Model]) -> list[str]:
    """ORM paths from `entry`'s rows to a person's own record of type `model`, read from its
    paths to their account: "befriender__user" reaches a Befriender as "befriender", "user" on
    the Befriender itself as "pk"."""
    paths = []
    for path in entry.subject:
        steps = path.split("__")[:-1]
        current: Any = entry.model_class
        for step in steps:
            current = current._meta.get_field(step).related_model
        if current._meta.concrete_model is model._meta.concrete_model:
            paths.append("__".join(steps) or "pk")
    return paths


def _subject_filter(entry: PersonalData, subject: models.Model) -> Q | None:
    if _is_account(subject):
        return entry.subject_filter(subject) if entry.subject else None
    paths = paths_to_record(entry, type(subject))
    if not paths:
        return None
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(**{path: subject.pk})
    return query


def _rows(subject: models.Model) -> dict[str, tuple[PersonalData, list]]:
    """Every declared table's rows about the person (an account, or their own record in an app
    when they have no account): model label → (entry, primary keys)."""
    addresses = _addresses(subject)
    found = {}
    for entry in personal_data():
        query = _subject_filter(entry, subject)
        manager = entry.model_class._default_manager
        pks = list(manager.filter(query).values_list("pk", flat=True).distinct()) if query else []
        if entry.address_field:
            pks += _addressed(entry, addresses)
        if pks:
            found[entry.model] = (entry, pks)
    return found


def _about(found: Mapping[str, tuple[PersonalData, list]]) -> Q:
    """Log rows about any of the person's rows (by content type and id)."""
    query = Q(pk__in=[])
    for entry, pks in found.values():
        content_type = ContentType.objects.get_for_model(entry.model_class)
        query |= Q(content_type=content_type, object_id__in=[str(pk) for pk in pks])
    return query


def _actor_fields() -> list[tuple[type[models.Model], str, bool]]:
    """(model, field, nullable) for each foreign key recording who did something, once per
    database column (page types share their Page's owner)."""
    seen = set()
    fields = []
    for model, path in actor_references():
        field = model._meta.get_field(path)
        owner = field.model._meta.concrete_model or field.model
        if (owner, field.name) in seen:
            continue
        seen.add((owner, field.name))
        fields.append((owner, field.name, bool(field.null)))
    return fields


def _sessions_of(user) -> list[str]:
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            keys.append(session.session_key)
    return keys


def _log_model(label: str) -> type[models.Model]:
    from django.apps import apps

    return apps.get_model(label)


def plan(subject: models.Model, *, tables_only: bool = False) -> list[dict[str, Any]]:
    """What erasing the person (an account, or their own record when they have none) would do:
    one line per table with rows about them, then (unless `tables_only`) the links recording
    what they did, the log entries about their records and their sessions."""
    found = _rows(subject)
    lines = [
        {
            "table": label,
            "heading": entry.heading,
            "action": entry.erase.value,
            "count": len(pks),
            "reason": entry.keep_reason,
            "plainly": entry.keep_plainly,
        }
        for label, (entry, pks) in found.items()
    ]
    if tables_only:
        return lines
    account = _is_account(subject)
    actor_links = sum(
        model._default_manager.filter(**{name: subject.pk}).count()
        for model, name, _nullable in (_actor_fields() if account else [])
    )
    about = _about(found)
    lines.extend(
        [
            _platform_line("actor_links", "Records of what they did for others", actor_links),
            _platform_line(
                "log_entries",
                "History entries about their records",
                _log_model(AUDIT_MODEL)._default_manager.filter(about).count()
                + _log_model(WAGTAIL_LOG_MODEL)._default_manager.filter(about).count(),
            ),
            _platform_line(
                "sessions",
                "Places they are signed in",
                len(_sessions_of(subject)) if account else 0,
            ),
        ]
    )
    return lines


def _platform_line(key: str, heading: str, count: int) -> dict[str, Any]:
    return {"table": key, "heading": heading, "action": "clear", "count": count, "reason": ""}


def _write(queryset: models.QuerySet, values: Mapping[str, Any]) -> None:
    """Write `values` on every row: fixed values in one UPDATE, values made from the row (a
    unique address) row by row."""
    fixed = {name: value for name, value in values.items() if not callable(value)}
    made = {name: value for name, value in values.items() if callable(value)}
    if fixed:
        queryset.update(**fixed)
    if made:
        for row in queryset:
            type(row)._default_manager.filter(pk=row.pk).update(
                **{name: make(row) for name, make in made.items()}
            )


def _delete(entry: PersonalData, pks: list, *, by) -> dict[str, int]:
    rows = entry.model_class._default_manager.filter(pk__in=pks)
    eraser = eraser_for(entry)
    if eraser is not None:
        return {entry.model: eraser(rows, by=by)}
    _total, per_model = rows.delete()
    return per_model


def _delete_all(found: Mapping[str, tuple[PersonalData, list]], *, by) -> dict[str, dict]:
    """Tables erased by DELETE, in reverse order of declaration (a table's dependants are
    declared after it), each row's dependants with it."""
    tables: dict[str, dict[str, Any]] = {}
    for entry, pks in reversed(list(found.values())):
        if entry.erase != Erase.DELETE:
            continue
        for label, count in _delete(entry, pks, by=by).items():
            declared = entry_for(label)
            line = tables.setdefault(
                label,
                {
                    "heading": getattr(declared, "heading", "") or label,
                    "action": Erase.DELETE.value,
                    "count": 0,
                    "reason": "",
                },
            )
            line["count"] += count
    return tables


def _anonymise_all(found: Mapping[str, tuple[PersonalData, list]]) -> dict[str, dict]:
    """Rows of ANONYMISE tables get the declared values; rows of KEEP tables lose the declared
    fields and stay."""
    tables = {}
    for label, (entry, pks) in found.items():
        if entry.erase == Erase.DELETE:
            continue
        _write(entry.model_class._default_manager.filter(pk__in=pks), entry.anonymise)
        tables[label] = {
            "heading": entry.heading,
            "action": entry.erase.value,
            "count": len(pks),
            "reason": entry.keep_reason,
        }
    return tables


def _clear_actors(user) -> tuple[int, list[str]]:
    cleared = 0
    not_cleared = []
    for model, name, nullable in _actor_fields():
        rows = model._default_manager.filter(**{name: user.pk})
        if nullable:
            cleared += rows.update(**{name: None})
        elif rows.exists():
            not_cleared.append(f"{model._meta.label}.{name}")
    return cleared, not_cleared


def erase(subject: models.Model, *, by) -> dict[str, Any]:
    """Erase the person (an account, or their own record when they have none) everywhere the
    registry says, in the caller's transaction; the counts."""
    account = _is_account(subject)
    found = _rows(subject)
    about = _about(found)  # built before the rows go
    tables = _delete_all(found, by=by)
    tables.update(_anonymise_all(found))
    actor_links, not_cleared = _clear_actors(subject) if account else (0, [])

    audit = entry_for(AUDIT_MODEL)
    assert isinstance(audit, PersonalData)
    log_entries = _log_model(AUDIT_MODEL)._default_manager.filter(about).update(**audit.anonymise)
    log_entries += (
        _log_model(WAGTAIL_LOG_MODEL)._default_manager.filter(about).update(label="", data={})
    )

    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = _sessions_of(subject) if account else []
    for key in sessions:
        store(session_key=key).delete()

    return {
        "tables": tables,
        "actor_links_cleared": actor_links,
        "log_entries_cleared": log_entries,
        "sessions_ended": len(sessions),
        "not_cleared": not_cleared,
    }
