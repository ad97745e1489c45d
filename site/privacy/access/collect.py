"""Everything held about one person, read from the registry of personal data.

`collect(user)` walks every declared table that says whose rows it holds, fetches the person's
rows (one query per table, with the related rows it shows), and gives back sections grouped by
the table's heading, each row a list of items in plain words: the field's own label, choice
labels, dates in Europe/London, encrypted text decrypted. Notes written by staff, and every
field of a safeguarding record, are marked `staff_only`: they are reviewed before release.

The portal page, the PDF and the JSON file are all made from this one collection.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .. import registry
from ..registry import Category, PersonalData


@dataclass
class Item:
    """One piece of information: its label and value in plain words. `key` names it for the
    review ("participation.checkin:12:notes")."""

    key: str
    label: str
    value: str
    staff_only: bool = False


@dataclass
class Row:
    items: list[Item]


@dataclass
class Section:
    heading: str
    table: str
    category: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Collection:
    person: str
    made_at: str
    sections: list[Section]
    # Items held back from this copy until a manager has reviewed them.
    held_back: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def staff_only_items(self) -> list[tuple[Section, Item]]:
        return [
            (section, item)
            for section in self.sections
            for row in section.rows
            for item in row.items
            if item.staff_only
        ]


# What a person most wants to read comes first: their own record, then what it says about their
# life, and last the account and sign-in details.
_ORDER = [
    Category.SPECIAL,
    Category.SAFEGUARDING,
    Category.PERSONAL,
    Category.CONTACT,
    Category.ACCOUNT,
]


def _rank(entry: PersonalData) -> int:
    return 0 if entry.person_record else 1 + _ORDER.index(entry.category)


def _is_reviewed(entry: PersonalData, name: str) -> bool:
    return name in entry.staff_only or entry.category == Category.SAFEGUARDING


def _plain_date(value: datetime.date) -> str:
    return formats.date_format(value, "j F Y")


def _plain_structured(value: Any) -> str:
    """Lists and small dicts (availability, private dates) as words."""
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_plain_structured(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(_plain_structured(v) for v in value)
    if isinstance(value, str):
        if len(value) == 10 and value[4:5] == "-":  # a date kept as text: in words
            try:
                return _plain_date(datetime.date.fromisoformat(value))
            except ValueError:
                return value
        return value.replace("_", " ") if value.isidentifier() else value
    return _plain_scalar(value)


def _plain_scalar(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return f"{_plain_date(value.date())}, {value:%H:%M}"
    if isinstance(value, datetime.date):
        return _plain_date(value)
    if isinstance(value, datetime.time):
        return f"{value:%H:%M}"
    return str(value)


def _json_text(value: str) -> str | None:
    """Encrypted JSON (private dates) read as words; None when the text is not JSON."""
    if not value.startswith(("[", "{")):
        return None
    try:
        return _plain_structured(json.loads(value))
    except ValueError:
        return None


class _Reader:
    """Reads one table's rows for one person."""

    def __init__(self, entry: PersonalData, user, people: set[type[models.Model]]):
        self.entry = entry
        self.user = user
        self.people = people
        self.model = entry.model_class
        self.fields = [self.model._meta.get_field(name) for name in entry.fields]

    def queryset(self) -> models.QuerySet:
        queryset = self.entry.rows_for(self.user).order_by("pk")
        forward = [
            f.name
            for f in self.fields
            if f.is_relation and (f.many_to_one or f.one_to_one) and f.concrete
        ]
        many = [f.name for f in self.fields if f.is_relation and f.many_to_many]
        if forward:
            queryset = queryset.select_related(*forward)
        if many:
            queryset = queryset.prefetch_related(*many)
        return queryset

    def related(self, model_field, row) -> str:
        if model_field.many_to_many:
            return ", ".join(str(obj) for obj in getattr(row, model_field.name).all())
        obj = getattr(row, model_field.name)
        if obj is None:
            return ""
        if model_field.related_model in self.people and obj.pk != self.user.pk:
            # Another person: never their name or details, only that someone was involved.
            return _("another person")
        return str(obj)

    def value(self, model_field, row) -> str:
        if model_field.is_relation:
            return self.related(model_field, row)
        # Choice labels, and plain words a model gives for a coded value the same way.
        display = getattr(row, f"get_{model_field.name}_display", None)
        if callable(display):
            return str(display())
        value = getattr(row, model_field.name)
        if isinstance(value, list | dict):
            return _plain_structured(value)
        if isinstance(value, str):
            return _json_text(value) or value
        return _plain_scalar(value)

    def label(self, model_field) -> str:
        label = getattr(model_field, "verbose_name", model_field.name)
        return str(label)[:1].upper() + str(label)[1:]

    def rows(self) -> list[Row]:
        table = self.model._meta.label_lower
        return [
            Row(
                [
                    Item(
                        key=f"{table}:{row.pk}:{model_field.name}",
                        label=self.label(model_field),
                        value=self.value(model_field, row),
                        staff_only=_is_reviewed(self.entry, model_field.name),
                    )
                    for model_field in self.fields
                ]
            )
            for row in self.queryset()
        ]


def collect(user, *, staff_only: bool = True, withheld: frozenset[str] = frozenset()) -> Collection:
    """Everything held about `user`, grouped by what it is. With `staff_only=False` the notes
    to be reviewed are left out (and counted in `held_back`); keys in `withheld` are left out
    (notes withheld under an exemption). One query per declared table, plus its prefetches."""
    people = registry._person_models()
    sections: dict[str, Section] = {}
    held_back = 0
    for entry in sorted(registry.personal_data(), key=_rank):
        if not entry.subject:
            continue
        rows = _Reader(entry, user, people).rows()
        if not rows:
            continue
        kept_rows = []
        for row in rows:
            kept = [i for i in row.items if i.key not in withheld]
            if not staff_only:
                held_back += sum(1 for i in kept if i.staff_only)
                kept = [i for i in kept if not i.staff_only]
            if kept:
                kept_rows.append(Row(kept))
        if not kept_rows:
            continue
        section = sections.setdefault(
            entry.heading,
            Section(
                heading=entry.heading,
                table=entry.model_class._meta.label_lower,
                category=str(entry.category.label),
            ),
        )
        section.rows.extend(kept_rows)
    return Collection(
        person=user.get_full_name() or user.email,
        made_at=_plain_scalar(timezone.now()),
        sections=list(sections.values()),
        held_back=held_back,
    )


def from_dict(data: dict[str, Any]) -> Collection:
    """A stored copy (a released request's) read back."""
    return Collection(
        person=data["person"],
        made_at=data["made_at"],
        held_back=data.get("held_back", 0),
        sections=[
            Section(
                heading=s["heading"],
                table=s["table"],
                category=s["category"],
                rows=[Row([Item(**i) for i in r["items"]]) for r in s["rows"]],
            )
            for s in data["sections"]
        ],
    )
