"""The one registry of personal data: what each table holds about whom, and what happens to it.

Every app declares its tables in its own `privacy.py` (found when the privacy app is ready):

    declare(
        PersonalData(
            "participation.CheckIn",
            heading="Your wellbeing check-ins",
            subject=("parent__user",),
            category=Category.SPECIAL,
            fields=("happened_on", "kind", "words", "notes"),
            staff_only=("notes", "follow_up"),
            erase=Erase.ANONYMISE,
            anonymise={"words": "", "notes": ""},
            retention=Retention(months=24, after="happened_on", when=Q(parent__status="left")),
        )
    )

and tables that hold nothing personal (or only which staff member did something) with
`not_personal(...)`. Subject access, erasure and retention all read these declarations; a test
fails when a table that refers to a person, or holds free text, is declared nowhere.

The person is always a sign-in account (`accounts.User`): `subject` holds the ORM paths from a row
to that account. Records of someone without an account yet (a volunteer's application) are
reached by staff from the record itself and by retention.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """What kind of personal data a table holds (the highest that applies)."""

    ACCOUNT = "account", _("account and sign-in")
    CONTACT = "contact", _("contact details")
    PERSONAL = "personal", _("personal details")
    SPECIAL = "special", _("special category (health, wellbeing, family)")
    SAFEGUARDING = "safeguarding", _("safeguarding")


class Erase(models.TextChoices):
    """What erasing the person does to their rows in a table."""

    DELETE = "delete", _("deleted")
    ANONYMISE = "anonymise", _("anonymised: the row stays for the counts, the person goes")
    KEEP = "keep", _("kept, for a recorded legal reason")


@dataclass(frozen=True)
class Retention:
    """How long rows are kept: `months` calendar months (and `days`) after the date in `after` (an
    ORM path to a date or date-time), for rows matching `when` (all rows when None). What happens
    then is `then`, or the table's erasure action (rows of a table kept on erasure are deleted)."""

    months: int
    after: str
    note: str
    when: Q | None = None
    days: int = 0
    then: Erase | None = None


@dataclass(frozen=True)
class PersonalData:
    """One table holding personal data. `model` is "app_label.ModelName"."""

    model: str
    heading: str
    # ORM paths from a row to the person's account; empty for rows not linked to one (an
    # application not yet read), which then need a short retention.
    subject: tuple[str, ...]
    category: Category
    fields: tuple[str, ...]
    erase: Erase
    # Field → value written when the row is anonymised (ANONYMISE), or the fields cleared on rows
    # that are kept (KEEP); a callable is given the row and returns the value (for values that
    # must stay unique).
    anonymise: Mapping[str, Any] = field(default_factory=dict)
    # Why rows are kept on erasure (KEEP only); shown to staff.
    keep_reason: str = ""
    # The same reason in plain words for the person themselves (shown when they ask for erasure).
    keep_plainly: str = ""
    # Notes written by staff about the person: included in subject access, marked for a
    # manager to review (an exemption may apply) before release.
    staff_only: tuple[str, ...] = ()
    # Foreign keys to the account of whoever did something (recorded it, decided it). They are
    # that person's data too: cleared when that person is erased.
    actors: tuple[str, ...] = ()
    retention: Retention | None = None
    # The table is the person's own record in an app (Parent, Befriender): foreign keys to it
    # count as references to a person.
    person_record: bool = False
    # An encrypted e-mail field through which rows not linked to the account are found on
    # erasure (a message sent before the person had an account, a password reset request).
    address_field: str = ""

    def __post_init__(self):
        if not self.subject and not self.retention:
            raise ValueError(
                f"{self.model}: say whose data it is (subject), or, for rows not linked to an "
                "account, how soon they go (retention)."
            )
        if self.erase == Erase.KEEP and not (
            self.keep_reason.strip() and self.keep_plainly.strip()
        ):
            raise ValueError(
                f"{self.model}: rows kept on erasure need a recorded reason, in legal and in "
                "plain words."
            )
        if self.erase == Erase.ANONYMISE and not self.anonymise:
            raise ValueError(f"{self.model}: say what anonymising writes (anonymise=...).")
        if self.erase == Erase.DELETE and self.anonymise:
            raise ValueError(f"{self.model}: deleted rows need no anonymise=....")

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    @property
    def retention_action(self) -> Erase | None:
        if self.retention is None:
            return None
        if self.retention.then is not None:
            return self.retention.then
        return Erase.DELETE if self.erase == Erase.KEEP else self.erase

    def subject_filter(self, user) -> Q:
        """Rows that are about `user` (none for tables not linked to an account)."""
        query = Q(pk__in=[])
        for path in self.subject:
            query |= Q(**{path: user.pk})
        return query

    def rows_for(self, user) -> models.QuerySet:
        return self.model_class._default_manager.filter(self.subject_filter(user)).distinct()


@dataclass(frozen=True)
class NotPersonal:
    """A table that holds no personal data beyond, at most, which account did something, or
    whose personal data is handled by the platform itself (sessions, search index): `reason`
    says which."""

    model: str
    reason: str
    actors: tuple[str, ...] = ()

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


_personal: dict[str, PersonalData] = {}
_not_personal: dict[str, NotPersonal] = {}


class AlreadyDeclared(ValueError):
    """A table was declared twice."""


def _key(model: str) -> str:
    app_label, _dot, name = model.partition(".")
    return f"{app_label}.{name.lower()}"


def declare(*entries: PersonalData) -> None:
    for entry in entries:
        key = _key(entry.model)
        if key in _personal or key in _not_personal:
            if _personal.get(key) == entry:
                continue
            raise AlreadyDeclared(f"{entry.model} is declared twice.")
        _personal[key] = entry


def not_personal(model: str, reason: str, actors: tuple[str, ...] = ()) -> None:
    key = _key(model)
    entry = NotPersonal(model, reason, actors)
    if key in _personal or (key in _not_personal and _not_personal[key] != entry):
        raise AlreadyDeclared(f"{model} is declared twice.")
    _not_personal[key] = entry


def personal_data() -> list[PersonalData]:
    """Every declared table holding personal data, in declaration order."""
    return list(_personal.values())


def entry_for(model: type[models.Model] | str) -> PersonalData | NotPersonal | None:
    key = _key(model if isinstance(model, str) else model._meta.label)
    return _personal.get(key) or _not_personal.get(key)


def with_retention() -> list[PersonalData]:
    return [entry for entry in _personal.values() if entry.retention is not None]


def actor_references() -> Iterator[tuple[type[models.Model], str]]:
    """(model, field) for every foreign key that records which account did something."""
    entries: list[PersonalData | NotPersonal] = [*_personal.values(), *_not_personal.values()]
    for entry in entries:
        for path in entry.actors:
            yield entry.model_class, path


# -- erasers: app-specific erasure -------------------------------------------------------------

# model key → callable(rows: QuerySet, *, by) -> int. A table whose rows cannot simply be
# deleted with a queryset (a Wagtail page lives in a tree, with revisions, log entries and search
# entries) is erased by the app that owns it; the erasure engine calls it in place of its own
# DELETE.
_erasers: dict[str, Callable[..., int]] = {}


def register_eraser(model: str, eraser: Callable[..., int]) -> None:
    """Erase rows of `model` ("app_label.ModelName") with `eraser(rows, by=...)`, which returns
    how many rows it removed."""
    key = _key(model)
    if key not in _personal:
        raise LookupError(f"{model}: declare it before registering how it is erased.")
    _erasers[key] = eraser


def eraser_for(entry: PersonalData) -> Callable[..., int] | None:
    return _erasers.get(_key(entry.model))


# -- completeness ------------------------------------------------------------------------------


def _person_models() -> set[type[models.Model]]:
    people = {apps.get_model(settings.AUTH_USER_MODEL)}
    people.update(entry.model_class for entry in _personal.values() if entry.person_record)
    return people


def needs_declaring(model: type[models.Model]) -> list[str]:
    """Why `model` must be declared: its references to a person and its free-text fields."""
    from pace_site.crypto import EncryptedTextField

    people = _person_models()
    reasons = []
    for model_field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        related = model_field.related_model
        if model_field.is_relation and related in people:
            reasons.append(f"{model_field.name} refers to a person ({related._meta.label})")
        elif isinstance(model_field, EncryptedTextField):
            reasons.append(f"{model_field.name} is encrypted text")
        elif isinstance(model_field, models.TextField):
            reasons.append(f"{model_field.name} is free text")
        elif isinstance(model_field, models.JSONField):
            reasons.append(f"{model_field.name} holds structured data (JSON)")
        elif isinstance(model_field, models.EmailField):
            reasons.append(f"{model_field.name} is an e-mail address")
    return reasons


def undeclared() -> dict[str, list[str]]:
    """Every table that refers to a person or holds free text and is declared nowhere."""
    missing = {}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        if entry_for(model) is not None:
            continue
        reasons = needs_declaring(model)
        if reasons:
            missing[model._meta.label] = reasons
    return missing


def problems(entries=None) -> list[str]:
    """Declarations that do not match the models: unknown tables, fields or paths."""
    found: list[str] = []
    if entries is None:
        entries = [*_personal.values(), *_not_personal.values()]
    for entry in entries:
        try:
            model = entry.model_class
        except LookupError:
            found.append(f"{entry.model}: no such model")
            continue
        paths = list(entry.actors)
        if isinstance(entry, PersonalData):
            paths += list(entry.subject)
            names = {f.name for f in model._meta.get_fields()}
            for name in [*entry.fields, *entry.staff_only, *entry.anonymise]:
                if name not in names:
                    found.append(f"{entry.model}: no field {name!r}")
            if entry.retention is not None:
                paths.append(entry.retention.after)
        for path in paths:
            try:
                str(model._default_manager.filter(**{f"{path}__isnull": True}).query)
            except Exception as error:  # noqa: BLE001 - a bad path is the problem reported
                found.append(f"{entry.model}: bad path {path!r} ({error})")
    return found
