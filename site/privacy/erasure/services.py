"""Erasure and correction requests: every change goes through here (one transaction, audited).

Erasure takes two people: a manager proposes it (seeing the plan), and an Administrator who is
not the proposer approves it, which erases at once. Correction: the person says what is wrong,
staff correct the record in its own screen and answer here.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pace_site.accounts.models import User
from pace_site.accounts.roles import Role
from pace_site.audit.services import record
from pace_site.links import absolute_url
from pace_site.notifications.models import MessageCategory
from pace_site.notifications.services import notify
from pace_site.services import ServiceError

from .. import registry
from ..models.erasure import (
    CorrectionRequest,
    CorrectionStatus,
    ErasureRequest,
    ErasureStatus,
    HowAsked,
)
from . import engine

PROPOSERS = frozenset(
    {Role.ADMINISTRATOR, Role.PARTICIPATION_MANAGER, Role.BEFRIENDING_COORDINATOR}
)
APPROVERS = frozenset({Role.ADMINISTRATOR})


class PrivacyError(ServiceError):
    """A data-rights request was refused; the message says why in plain words."""


def _holds(user: User, allowed: frozenset) -> bool:
    return user.is_superuser or bool(user.role_names & allowed)


def _locked(request: ErasureRequest) -> ErasureRequest:
    return ErasureRequest.objects.select_for_update().get(pk=request.pk)


def is_erased(person: User) -> bool:
    return ErasureRequest.objects.filter(person=person, status=ErasureStatus.DONE).exists()


def _subject_of(request: ErasureRequest) -> models.Model:
    subject = request.subject
    if subject is None:
        raise PrivacyError(_("The record this request is about no longer exists."))
    return subject


def erasable_record_types() -> dict[str, type[models.Model]]:
    """The apps' own records of a person (`person_record` tables), by label: someone without
    an account is erased through theirs."""
    return {
        entry.model: entry.model_class for entry in registry.personal_data() if entry.person_record
    }


def ask_for_erasure_of_record(
    person_record: models.Model, *, how: str, by: User, received_on: datetime.date | None = None
) -> ErasureRequest:
    """Open an erasure request for someone known only by their own record in an app (a
    volunteer who applied and never had an account). Someone with an account is erased through
    it."""
    if type(person_record) not in erasable_record_types().values():
        raise PrivacyError(_("Only a person's own record can be erased this way."))
    if getattr(person_record, "user_id", None) is not None:
        raise PrivacyError(_("This person has an account: erase them through their account."))
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        raise PrivacyError(_("The date received cannot be in the future."))
    record_type = ContentType.objects.get_for_model(person_record)
    with transaction.atomic():
        type(person_record)._default_manager.select_for_update().get(pk=person_record.pk)
        requests = ErasureRequest.objects.filter(
            record_type=record_type, record_id=str(person_record.pk)
        )
        if requests.filter(status=ErasureStatus.DONE).exists():
            raise PrivacyError(_("This person's information has already been erased."))
        if requests.open().exists():
            raise PrivacyError(
                _("There is already a request to delete this information. We are working on it.")
            )
        request = ErasureRequest.objects.create(
            record_type=record_type,
            record_id=str(person_record.pk),
            how=HowAsked(how),
            received_on=received_on,
            recorded_by=by,
        )
        record("privacy.erasure.requested", request, by=by, data={"how": request.how})
    return request


def ask_for_erasure(
    person: User, *, how: str, by: User, received_on: datetime.date | None = None
) -> ErasureRequest:
    """Open an erasure request for `person` (asked in their portal, or recorded by staff)."""
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        raise PrivacyError(_("The date received cannot be in the future."))
    with transaction.atomic():
        User.objects.select_for_update().get(pk=person.pk)
        if is_erased(person):
            raise PrivacyError(_("This person's information has already been erased."))
        if ErasureRequest.objects.for_person(person).open().exists():
            raise PrivacyError(
                _("There is already a request to delete this information. We are working on it.")
            )
        request = ErasureRequest.objects.create(
            person=person, how=HowAsked(how), received_on=received_on, recorded_by=by
        )
        record("privacy.erasure.requested", request, by=by, data={"how": request.how})
    return request


def propose_erasure(request: ErasureRequest, *, by: User) -> ErasureRequest:
    """A manager looks at what erasure would do and proposes it for approval."""
    with transaction.atomic():
        request = _locked(request)
        if request.status != ErasureStatus.REQUESTED:
            raise PrivacyError(_("Only a new request can be proposed."))
        if not _holds(by, PROPOSERS):
            raise PrivacyError(_("Only a manager can propose an erasure."))
        if by.pk == request.person_id:
            raise PrivacyError(_("Someone else must handle a request about you."))
        request.plan = engine.plan(_subject_of(request))
        request.status = ErasureStatus.PROPOSED
        request.proposed_by = by
        request.proposed_at = timezone.now()
        request.save()
        record("privacy.erasure.proposed", request, by=by)
    return request


def approve_erasure(request: ErasureRequest, *, by: User) -> ErasureRequest:
    """A second member of staff approves, and the person is erased at once. Approving a request
    that is already done does nothing."""
    with transaction.atomic():
        request = _locked(request)
        if request.status == ErasureStatus.DONE:
            return request
        if request.status != ErasureStatus.PROPOSED:
            raise PrivacyError(_("Only a proposed erasure can be approved."))
        if not _holds(by, APPROVERS):
            raise PrivacyError(_("Only an Administrator can approve an erasure."))
        if by.pk == request.proposed_by_id:
            raise PrivacyError(
                _("A second person must approve: you proposed this erasure yourself.")
            )
        if by.pk == request.person_id:
            raise PrivacyError(_("Someone else must handle a request about you."))
        result = engine.erase(_subject_of(request), by=by)
        now = timezone.now()
        request.status = ErasureStatus.DONE
        request.approved_by = by
        request.approved_at = now
        request.done_at = now
        request.closed_at = now
        request.result = result
        try:
            with transaction.atomic():
                request.save()
        except IntegrityError as error:  # the database's own second-person rule
            raise PrivacyError(_("A second person must approve this erasure.")) from error
        record(
            "privacy.erasure.done",
            request,
            by=by,
            data={"request": request.pk, "tables": len(result["tables"])},
        )
    return request


def refuse_erasure(request: ErasureRequest, *, reason: str, by: User) -> ErasureRequest:
    """Decide not to erase, with the reason the person is given."""
    with transaction.atomic():
        request = _locked(request)
        if not request.is_open:
            raise PrivacyError(_("This request has already been decided."))
        if not _holds(by, PROPOSERS):
            raise PrivacyError(_("Only a manager can refuse an erasure."))
        request.status = ErasureStatus.REFUSED
        request.refused_by = by
        request.refused_reason = reason
        request.closed_at = timezone.now()
        request.save()
        record("privacy.erasure.refused", request, by=by)
        if request.person is not None:
            notify(
                request.person,
                "privacy/erasure_refused",
                link=absolute_url("privacy:erasure_request", request.pk),
                category=MessageCategory.ACCOUNT,
            )
    return request


def withdraw_erasure(request: ErasureRequest, *, by: User) -> ErasureRequest:
    """The person no longer wants their information deleted (they said so, or staff record it)."""
    with transaction.atomic():
        request = _locked(request)
        if not request.is_open:
            raise PrivacyError(_("This request has already been decided."))
        request.status = ErasureStatus.WITHDRAWN
        request.closed_at = timezone.now()
        request.save()
        record("privacy.erasure.withdrawn", request, by=by)
    return request


# -- correction ---------------------------------------------------------------------------------


def ask_for_correction(
    person: User,
    *,
    what_is_wrong: str,
    how: str,
    by: User,
    received_on: datetime.date | None = None,
) -> CorrectionRequest:
    """The person tells us something we hold about them is wrong."""
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        raise PrivacyError(_("The date received cannot be in the future."))
    if not what_is_wrong.strip():
        raise PrivacyError(_("Please say what is wrong."))
    with transaction.atomic():
        correction = CorrectionRequest.objects.create(
            person=person,
            how=HowAsked(how),
            received_on=received_on,
            what_is_wrong=what_is_wrong,
            recorded_by=by,
        )
        record("privacy.correction.requested", correction, by=by, data={"how": correction.how})
    return correction


def answer_correction(
    correction: CorrectionRequest, *, corrected: bool, reply: str, by: User
) -> CorrectionRequest:
    """Staff have corrected the record (or decided not to) and tell the person why."""
    if not reply.strip():
        raise PrivacyError(_("Please write a reply for the person."))
    with transaction.atomic():
        correction = CorrectionRequest.objects.select_for_update().get(pk=correction.pk)
        if correction.status != CorrectionStatus.OPEN:
            raise PrivacyError(_("This request has already been answered."))
        if by.pk == correction.person_id:
            raise PrivacyError(_("Someone else must handle a request about you."))
        correction.status = (
            CorrectionStatus.CORRECTED if corrected else CorrectionStatus.NOT_CORRECTED
        )
        correction.reply = reply
        correction.handled_by = by
        correction.handled_at = timezone.now()
        correction.save()
        record(
            "privacy.correction.answered",
            correction,
            by=by,
            data={"status": correction.status},
        )
        notify(
            correction.person,
            "privacy/correction_answered",
            link=absolute_url("privacy:correction"),
            category=MessageCategory.ACCOUNT,
        )
    return correction
