"""Recording what was shared about a person, reviewing sharing done without consent, and the
person's questions about it.

The platform knows no app's consents: an app that records permissions registers a provider,
`register_consent_provider(fn)`, where `fn(person)` returns the permissions to share that are in
force for that person, as `(record, description)` pairs. Staff choose one of those when the
basis is consent; the sharing keeps a reference to it and its description as it was then.
"""

from collections.abc import Callable, Iterable
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from pace_site.accounts.models import User
from pace_site.accounts.roles import Role
from pace_site.audit.services import record
from pace_site.notifications.models import MessageCategory
from pace_site.notifications.services import notify_role
from pace_site.services import ServiceError

from .models.sharing import Basis, PartnerKind, Sharing, SharingQuestion

ConsentProvider = Callable[[User], Iterable[tuple[Model, str]]]
_providers: list[ConsentProvider] = []

# Earliest date a sharing can be recorded for (older paper records are not typed in).
EARLIEST = date(2000, 1, 1)
QUESTION_MAX = 1000


class SharingError(ServiceError):
    pass


def register_consent_provider(provider: ConsentProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def consent_key(obj: Model) -> str:
    return f"{ContentType.objects.get_for_model(obj).pk}:{obj.pk}"


def consents_for(person: User) -> dict[str, tuple[Model, str]]:
    """The person's permissions to share that are in force, by key ("<type>:<id>")."""
    found = {}
    for provider in _providers:
        for obj, label in provider(person):
            found[consent_key(obj)] = (obj, label)
    return found


def record_sharing(
    person: User,
    *,
    partner_kind: str,
    partner_name: str,
    what: str,
    why: str,
    basis: str,
    shared_on: date,
    by: User,
    consent: str = "",
    basis_other: str = "",
    staff_note: str = "",
) -> Sharing:
    """Record that we shared information about `person`. With the basis "consent", `consent` is
    the key of one of their permissions in force (see consents_for); any other basis is flagged
    for a manager to review."""
    _check(partner_kind, basis, shared_on, basis_other)
    if not partner_name.strip() or not what.strip() or not why.strip():
        raise SharingError("Please say who it was shared with, what was shared and why.")
    chosen = None
    if basis == Basis.CONSENT:
        chosen = consents_for(person).get(consent)
        if chosen is None:
            raise SharingError(
                "Please choose the permission they gave. If they have not given one, choose "
                "another basis."
            )
    with transaction.atomic():
        sharing = Sharing.objects.create(
            person=person,
            partner_kind=partner_kind,
            partner_name=partner_name.strip(),
            what=what.strip(),
            why=why.strip(),
            basis=basis,
            basis_other=basis_other.strip() if basis == Basis.OTHER else "",
            consent_type=ContentType.objects.get_for_model(chosen[0]) if chosen else None,
            consent_id=chosen[0].pk if chosen else None,
            consent_label=chosen[1][:200] if chosen else "",
            shared_on=shared_on,
            staff_note=staff_note.strip(),
            recorded_by=by,
        )
        record(
            "privacy.sharing.recorded",
            sharing,
            by=by,
            data={
                "person": person.pk,
                "partner_kind": partner_kind,
                "basis": basis,
                "needs_review": sharing.needs_review,
            },
        )
    return sharing


def _check(partner_kind: str, basis: str, shared_on: date, basis_other: str) -> None:
    if partner_kind not in PartnerKind.values:
        raise SharingError("Please choose who it was shared with from the list.")
    if basis not in Basis.values:
        raise SharingError("Please choose the basis from the list.")
    if basis == Basis.OTHER and not basis_other.strip():
        raise SharingError("Please say what the other reason was.")
    if shared_on > timezone.localdate():
        raise SharingError("The date shared cannot be in the future.")
    if shared_on < EARLIEST:
        raise SharingError("Please check the date shared.")


def review_sharing(sharing: Sharing, *, by: User, note: str = "") -> Sharing:
    """A manager has looked at sharing done without consent. The recorder cannot review their
    own sharing: a second pair of eyes."""
    with transaction.atomic():
        sharing = Sharing.objects.select_for_update().get(pk=sharing.pk)
        if sharing.basis == Basis.CONSENT:
            raise SharingError("This sharing relied on their permission: nothing to review.")
        if sharing.reviewed_at is not None:
            raise SharingError("This sharing has already been reviewed.")
        if sharing.recorded_by_id == by.pk:
            raise SharingError("Someone other than the person who recorded it must review it.")
        sharing.reviewed_by = by
        sharing.reviewed_at = timezone.now()
        sharing.review_note = note.strip()
        sharing.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
        record("privacy.sharing.reviewed", sharing, by=by)
    return sharing


def ask_about_sharing(sharing: Sharing, *, by: User, question: str) -> SharingQuestion:
    """The person asks us about something we shared about them. The participation manager is
    told discreetly (the message names no partner and none of their words) and answers them."""
    question = question.strip()
    if not question:
        raise SharingError("Please write your question.")
    if len(question) > QUESTION_MAX:
        raise SharingError(f"Please keep your question under {QUESTION_MAX} characters.")
    with transaction.atomic():
        sharing = Sharing.objects.select_for_update().get(pk=sharing.pk)
        if sharing.person_id != by.pk:
            raise SharingError("You can only ask about what we shared about you.")
        asked = SharingQuestion.objects.create(sharing=sharing, asked_by=by, question=question)
        record("privacy.sharing.asked", sharing, by=by, data={"question": asked.pk})
        notify_role(
            Role.PARTICIPATION_MANAGER,
            "privacy/sharing_question",
            context={"sharing": sharing},
            link=reverse("privacy_sharing:inspect", args=[sharing.pk]),
            category=MessageCategory.ALERT,
        )
    return asked
