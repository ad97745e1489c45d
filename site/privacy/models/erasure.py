"""A person's requests to erase or correct what Pace holds about them (UK GDPR Articles 16, 17).

An erasure is proposed by a manager (who sees the plan) and approved by a second member of
staff, never the same person; the database refuses a request approved by its proposer. The
request row stays after the erasure: it is the record that the erasure was done, by whom, and
what it did (counts only, never the erased words).
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pace_site.crypto import EncryptedTextField


class HowAsked(models.TextChoices):
    PORTAL = "portal", _("in their portal")
    PHONE = "phone", _("on the phone")
    EMAIL = "email", _("by e-mail")
    LETTER = "letter", _("by letter")
    IN_PERSON = "in_person", _("in person")


class ErasureStatus(models.TextChoices):
    REQUESTED = "requested", _("asked, not yet looked at")
    PROPOSED = "proposed", _("proposed, waiting for a second person to approve")
    DONE = "done", _("approved and done")
    REFUSED = "refused", _("not done, with a reason")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_ERASURE = (ErasureStatus.REQUESTED, ErasureStatus.PROPOSED)


def one_month_after(day: datetime.date) -> datetime.date:
    """When an answer is due: one calendar month after the request reached us (UK GDPR
    Article 12(3); 31 January gives 28 or 29 February)."""
    return day + relativedelta(months=1)


class ErasureRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_ERASURE)

    def for_person(self, user):
        """A person's own requests (the portal)."""
        return self.filter(person=user)


class ErasureRequest(models.Model):
    """A request to erase a person: their account (`person`), or, for someone who never had
    one (a volunteer's application), their own record in an app (`record_type`, `record_id`)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="erasure_requests",
    )
    record_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    record_id = models.CharField(max_length=64, blank=True)
    how = models.CharField(_("how they asked"), max_length=20, choices=HowAsked.choices)
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    status = models.CharField(
        max_length=20, choices=ErasureStatus.choices, default=ErasureStatus.REQUESTED
    )
    created_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    # What the plan said when it was proposed: per table, what happens and to how many rows.
    plan = models.JSONField(default=list, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    refused_reason = EncryptedTextField(_("why not"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    # Per table: what was done and to how many rows (deleted / anonymised / kept with reason).
    result = models.JSONField(default=dict, blank=True)

    objects = ErasureRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = "erasure request"
        constraints = [
            models.CheckConstraint(
                condition=~Q(approved_by=F("proposed_by")),
                name="erasure_approved_by_a_second_person",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=OPEN_ERASURE),
                name="erasure_one_open_request_per_person",
            ),
            models.UniqueConstraint(
                fields=["record_type", "record_id"],
                condition=Q(status__in=OPEN_ERASURE, person__isnull=True),
                name="erasure_one_open_request_per_record",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False, record_type__isnull=True, record_id="")
                | Q(person__isnull=True, record_type__isnull=False) & ~Q(record_id=""),
                name="erasure_of_a_person_or_a_record",
            ),
            models.CheckConstraint(
                condition=~Q(status=ErasureStatus.DONE)
                | Q(done_at__isnull=False, approved_at__isnull=False),
                name="erasure_done_has_dates",
            ),
        ]

    def __str__(self):
        return f"Erasure request {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ERASURE

    @property
    def due_on(self) -> datetime.date:
        return one_month_after(self.received_on)

    @property
    def record(self) -> models.Model | None:
        """The app record erased when the person has no account."""
        if self.record_type is None:
            return None
        model = self.record_type.model_class()
        assert model is not None
        return model._default_manager.filter(pk=self.record_id).first()

    @property
    def subject(self) -> models.Model | None:
        """Who is erased: the account, or the record of someone who has none."""
        return self.person if self.person_id is not None else self.record

    @property
    def whose(self) -> str:
        if self.person is not None:
            return f"{self.person.display_name} ({self.person.email})"
        return f"{self.record} ({self.record_type.name if self.record_type else ''})"

    @property
    def kept(self) -> list[dict]:
        """The tables whose rows were kept, with the legal reason."""
        return [
            {"table": label, **line}
            for label, line in self.result.get("tables", {}).items()
            if line.get("action") == "keep" and line.get("count")
        ]


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("waiting for us")
    CORRECTED = "corrected", _("corrected")
    NOT_CORRECTED = "not_corrected", _("not changed, with our reason")


class CorrectionRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=CorrectionStatus.OPEN)

    def for_person(self, user):
        return self.filter(person=user)


class CorrectionRequest(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="correction_requests"
    )
    how = models.CharField(_("how they asked"), max_length=20, choices=HowAsked.choices)
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    what_is_wrong = EncryptedTextField(_("what they say is wrong"))
    status = models.CharField(
        max_length=20, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    # What we tell the person: what we changed, or why we did not.
    reply = EncryptedTextField(_("our reply"), blank=True)

    objects = CorrectionRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = "correction request"
        constraints = [
            models.CheckConstraint(
                condition=Q(status=CorrectionStatus.OPEN) | Q(handled_at__isnull=False),
                name="correction_handled_has_date",
            ),
        ]

    def __str__(self):
        return f"Correction request {self.pk}"

    @property
    def due_on(self) -> datetime.date:
        return one_month_after(self.received_on)
