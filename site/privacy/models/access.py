"""Subject access requests: a person asks for a copy of everything Pace holds about them.

A request is due one calendar month after it was received (31 January → 28 or 29 February),
and may be extended once, by up to two more calendar months, for a complex request, with the
reason recorded. Nothing is released before the person's identity has been checked, and
notes written by staff are reviewed first: any withheld under an exemption are recorded with
the reason. The released copy is kept (encrypted) so that what the person was given can be
shown again.
"""

import json
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pace_site.accounts.roles import Role
from pace_site.crypto import EncryptedTextField

DUE_MONTHS = 1
MAX_EXTENSION_MONTHS = 2
DUE_SOON_DAYS = 7
# Who may see and open requests; only Administrators review and release them.
ACCESS_REQUEST_STAFF = (Role.PARTICIPATION_MANAGER, Role.BEFRIENDING_COORDINATOR)


def due_date(received_on: date, *, extra_months: int = 0) -> date:
    """One calendar month after `received_on` (plus any extension): the last day of a shorter
    month when that month has no such day."""
    return received_on + relativedelta(months=DUE_MONTHS + extra_months)


class AccessRequestStatus(models.TextChoices):
    OPEN = "open", _("open")
    EXTENDED = "extended", _("extended (complex request)")
    IN_REVIEW = "in_review", _("reviewed, waiting for release")
    RELEASED = "released", _("released")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_STATUSES = (
    AccessRequestStatus.OPEN,
    AccessRequestStatus.EXTENDED,
    AccessRequestStatus.IN_REVIEW,
)


class ReceivedHow(models.TextChoices):
    PORTAL = "portal", _("through their own page")
    EMAIL = "email", _("by e-mail")
    PHONE = "phone", _("by phone")
    LETTER = "letter", _("by letter")
    IN_PERSON = "in_person", _("in person")


class IdentityCheck(models.TextChoices):
    SIGNED_IN = "signed_in", _("they asked while signed in to their own account")
    CALLED_BACK = "called_back", _("called back on a number we already held")
    DOCUMENTS = "documents", _("identity documents seen")
    IN_PERSON = "in_person", _("met in person by someone who knows them")


class ReleasedHow(models.TextChoices):
    PORTAL = "portal", _("to download from their own page")
    EMAIL = "email", _("by e-mail")
    POST = "post", _("by post")


class SubjectAccessRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SubjectAccessRequestQuerySet":
        """Administrators, participation managers and befriending coordinators reach every
        request; nobody else reaches any here (people see their own released copies)."""
        if user.is_authenticated and (
            user.is_superuser or user.has_role(Role.ADMINISTRATOR, *ACCESS_REQUEST_STAFF)
        ):
            return self.all()
        return self.none()

    def open(self) -> "SubjectAccessRequestQuerySet":
        return self.filter(status__in=OPEN_STATUSES)

    def due_by(self, day: date) -> "SubjectAccessRequestQuerySet":
        """Open requests due on or before `day` (overdue ones included)."""
        return self.open().filter(due_on__lte=day)

    def due_soon(self, today: date | None = None) -> "SubjectAccessRequestQuerySet":
        today = today or timezone.localdate()
        return self.due_by(today + timedelta(days=DUE_SOON_DAYS))

    def released_to(self, user) -> "SubjectAccessRequestQuerySet":
        """The person's own released copies (someone else's is a 404)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(person=user, status=AccessRequestStatus.RELEASED)


class SubjectAccessRequest(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="access_requests",
        verbose_name=_("person"),
    )
    received_on = models.DateField(_("received on"))
    received_how = models.CharField(_("received"), max_length=20, choices=ReceivedHow.choices)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AccessRequestStatus.choices,
        default=AccessRequestStatus.OPEN,
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("opened by"),
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    identity_checked_how = models.CharField(
        _("identity checked"), max_length=20, choices=IdentityCheck.choices, blank=True
    )
    identity_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    identity_checked_at = models.DateTimeField(_("identity checked at"), null=True, blank=True)
    extension_months = models.PositiveSmallIntegerField(_("extended by (months)"), default=0)
    extension_reason = EncryptedTextField(_("why it was extended"), blank=True, default="")
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    # Encrypted JSON: {item key: reason} for each staff note withheld under an exemption.
    withheld = EncryptedTextField(_("withheld notes and why"), blank=True, default="")
    # Encrypted JSON: the copy as reviewed (without the withheld notes), released as it is.
    copy = EncryptedTextField(_("reviewed copy"), blank=True, default="")
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_how = models.CharField(
        _("released"), max_length=20, choices=ReleasedHow.choices, blank=True
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = SubjectAccessRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("subject access request")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gt=F("received_on")),
                name="access_request_due_after_received",
                violation_error_message=_("The due date must be after the date received."),
            ),
            models.CheckConstraint(
                condition=Q(extension_months__lte=MAX_EXTENSION_MONTHS),
                name="access_request_extension_at_most_two_months",
                violation_error_message=_("A request can be extended by two months at most."),
            ),
            models.CheckConstraint(
                condition=Q(released_at__isnull=True) | Q(identity_checked_at__isnull=False),
                name="access_request_released_needs_identity",
                violation_error_message=_("Check who they are before releasing anything."),
            ),
            models.CheckConstraint(
                condition=Q(identity_checked_at__isnull=True) | ~Q(identity_checked_how=""),
                name="access_request_identity_says_how",
                violation_error_message=_("Say how their identity was checked."),
            ),
            models.CheckConstraint(
                condition=Q(status=AccessRequestStatus.RELEASED, released_at__isnull=False)
                | (~Q(status=AccessRequestStatus.RELEASED) & Q(released_at__isnull=True)),
                name="access_request_released_has_date",
                violation_error_message=_("A released request records when it was released."),
            ),
            models.CheckConstraint(
                condition=Q(released_at__isnull=True) | Q(reviewed_at__isnull=False),
                name="access_request_released_after_review",
                violation_error_message=_("Review the copy before releasing it."),
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=OPEN_STATUSES),
                name="access_request_one_open_per_person",
                violation_error_message=_("This person already has an open request."),
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return f"Subject access request {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_released(self) -> bool:
        return self.status == AccessRequestStatus.RELEASED

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.due_on < (today or timezone.localdate())

    @property
    def due_label(self) -> str:
        day = self.due_on.strftime("%-d %B %Y")
        return f"{day} (overdue)" if self.is_overdue() else day

    @property
    def identity_checked(self) -> bool:
        return self.identity_checked_at is not None

    def withheld_notes(self) -> dict[str, dict[str, str]]:
        """{item key: {"what": where the note was, "reason": why it was withheld}}."""
        return json.loads(self.withheld) if self.withheld else {}

    def withheld_reasons(self) -> dict[str, str]:
        return {key: note["reason"] for key, note in self.withheld_notes().items()}

    def released_copy(self) -> dict | None:
        return json.loads(self.copy) if self.copy else None
