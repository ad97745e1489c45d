"""Subject access requests, from opening to release. Each service runs in one transaction,
refuses in plain words what makes no sense (AccessRequestError), and writes an audit entry."""

from __future__ import annotations

import json
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pace_site.accounts.models import User
from pace_site.accounts.roles import Role
from pace_site.audit.services import record
from pace_site.notifications.models import MessageCategory
from pace_site.notifications.services import notify, notify_role
from pace_site.services import ServiceError

from ..models.access import (
    MAX_EXTENSION_MONTHS,
    AccessRequestStatus,
    IdentityCheck,
    ReceivedHow,
    ReleasedHow,
    SubjectAccessRequest,
    due_date,
)
from .collect import collect

# A request received longer ago than this is a typing mistake, not a backlog.
OLDEST_RECEIVED_MONTHS = 12


class AccessRequestError(ServiceError):
    """A subject access request could not be changed as asked."""


def _locked(access_request: SubjectAccessRequest) -> SubjectAccessRequest:
    return SubjectAccessRequest.objects.select_for_update().get(pk=access_request.pk)


def _still_open(access_request: SubjectAccessRequest) -> None:
    if not access_request.is_open:
        status = access_request.get_status_display()
        raise AccessRequestError(f"This request is already {status}, so it cannot be changed.")


def open_access_request(
    person: User, *, received_on: date, received_how: str, by: User | None
) -> SubjectAccessRequest:
    """Open a request for `person`, due one calendar month after it was received. One open
    request per person: a second one is refused, pointing to the first."""
    today = timezone.localdate()
    if received_on > today:
        raise AccessRequestError("The date received cannot be in the future.")
    if received_on < today - relativedelta(months=OLDEST_RECEIVED_MONTHS):
        raise AccessRequestError("The date received is more than a year ago. Please check it.")
    if received_how not in ReceivedHow.values:
        raise AccessRequestError("Say how the request was received.")
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=person.pk).first()
        earlier = SubjectAccessRequest.objects.open().filter(person=person).first()
        if earlier is not None:
            day = earlier.received_on.strftime("%-d %B %Y")
            raise AccessRequestError(
                f"There is already an open request for this person, received on {day}."
            )
        access_request = SubjectAccessRequest.objects.create(
            person=person,
            received_on=received_on,
            received_how=received_how,
            due_on=due_date(received_on),
            opened_by=by,
        )
        record(
            "privacy.access_request.opened",
            access_request,
            by=by,
            data={"person": person.pk, "received_how": received_how},
        )
        if received_how == ReceivedHow.PORTAL:
            # Asked from their own page: nobody on the team knows yet.
            notify_role(
                Role.ADMINISTRATOR,
                "privacy/access_request_opened",
                context={"access_request": access_request},
                link=reverse("privacy_access_requests:inspect", args=[access_request.pk]),
                category=MessageCategory.ALERT,
            )
    return access_request


def record_identity_check(
    access_request: SubjectAccessRequest, *, how: str, by: User
) -> SubjectAccessRequest:
    with transaction.atomic():
        access_request = _locked(access_request)
        _still_open(access_request)
        if how not in IdentityCheck.values:
            raise AccessRequestError("Say how you checked who they are.")
        if access_request.identity_checked:
            raise AccessRequestError("Their identity has already been checked.")
        access_request.identity_checked_how = how
        access_request.identity_checked_by = by
        access_request.identity_checked_at = timezone.now()
        access_request.save(
            update_fields=["identity_checked_how", "identity_checked_by", "identity_checked_at"]
        )
        record("privacy.access_request.identity_checked", access_request, by=by, data={"how": how})
    return access_request


def extend_access_request(
    access_request: SubjectAccessRequest, *, months: int, reason: str, by: User
) -> SubjectAccessRequest:
    """Extend a complex request once, by one or two more calendar months, with the reason."""
    with transaction.atomic():
        access_request = _locked(access_request)
        _still_open(access_request)
        if access_request.extension_months:
            raise AccessRequestError("This request has already been extended once.")
        if not 1 <= months <= MAX_EXTENSION_MONTHS:
            raise AccessRequestError("A request can be extended by one or two months only.")
        if not reason.strip():
            raise AccessRequestError("Say why the request needs longer.")
        access_request.extension_months = months
        access_request.extension_reason = reason.strip()
        access_request.extended_by = by
        access_request.due_on = due_date(access_request.received_on, extra_months=months)
        if access_request.status == AccessRequestStatus.OPEN:
            access_request.status = AccessRequestStatus.EXTENDED
        access_request.save(
            update_fields=[
                "extension_months",
                "extension_reason",
                "extended_by",
                "due_on",
                "status",
            ]
        )
        record(
            "privacy.access_request.extended",
            access_request,
            by=by,
            data={"months": months, "due_on": access_request.due_on},
        )
    return access_request


def review_access_request(
    access_request: SubjectAccessRequest, *, withheld: dict[str, str], by: User
) -> SubjectAccessRequest:
    """Keep the copy to be released: everything held about the person, without the staff notes
    withheld under an exemption (each with its reason). Only staff notes can be withheld."""
    with transaction.atomic():
        access_request = _locked(access_request)
        _still_open(access_request)
        full = collect(access_request.person)
        reviewable = {item.key for _section, item in full.staff_only_items}
        unknown = set(withheld) - reviewable
        if unknown:
            raise AccessRequestError(
                "Only notes written by staff can be withheld, and only ones in this copy."
            )
        if any(not reason.strip() for reason in withheld.values()):
            raise AccessRequestError("Give the reason for each note you withhold.")
        copy = collect(access_request.person, withheld=frozenset(withheld))
        what = {
            item.key: f"{section.heading}: {item.label}" for section, item in full.staff_only_items
        }
        access_request.withheld = json.dumps(
            {key: {"what": what[key], "reason": reason.strip()} for key, reason in withheld.items()}
        )
        access_request.copy = json.dumps(copy.as_dict(), ensure_ascii=False)
        access_request.reviewed_by = by
        access_request.reviewed_at = timezone.now()
        access_request.status = AccessRequestStatus.IN_REVIEW
        access_request.save(
            update_fields=["withheld", "copy", "reviewed_by", "reviewed_at", "status"]
        )
        record(
            "privacy.access_request.reviewed",
            access_request,
            by=by,
            data={"withheld": len(withheld), "staff_notes": len(reviewable)},
        )
    return access_request


def release_access_request(
    access_request: SubjectAccessRequest, *, how: str, by: User
) -> SubjectAccessRequest:
    """Release the reviewed copy (Administrators only, checked by the view)."""
    with transaction.atomic():
        access_request = _locked(access_request)
        _still_open(access_request)
        if how not in ReleasedHow.values:
            raise AccessRequestError("Say how the copy is given to them.")
        if not access_request.identity_checked:
            raise AccessRequestError("Check who they are before releasing anything.")
        if access_request.reviewed_at is None:
            raise AccessRequestError("Review the copy, and any notes written by staff, first.")
        access_request.status = AccessRequestStatus.RELEASED
        access_request.released_by = by
        access_request.released_at = timezone.now()
        access_request.released_how = how
        access_request.save(update_fields=["status", "released_by", "released_at", "released_how"])
        record("privacy.access_request.released", access_request, by=by, data={"how": how})
        if how == ReleasedHow.PORTAL:
            notify(
                access_request.person,
                "privacy/copy_released",
                link=reverse("privacy:my_data"),
                category=MessageCategory.ACCOUNT,
            )
    return access_request


def withdraw_access_request(
    access_request: SubjectAccessRequest, *, by: User
) -> SubjectAccessRequest:
    with transaction.atomic():
        access_request = _locked(access_request)
        _still_open(access_request)
        access_request.status = AccessRequestStatus.WITHDRAWN
        access_request.withdrawn_at = timezone.now()
        access_request.save(update_fields=["status", "withdrawn_at"])
        record("privacy.access_request.withdrawn", access_request, by=by)
    return access_request
