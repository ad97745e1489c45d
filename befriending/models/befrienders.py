"""Volunteers: their record from application to leaving, the application as it arrived, training
and supervision."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pace_site.crypto import EncryptedTextField

from .choices import (
    CLOSED_BEFRIENDER_STATUSES,
    DBS_RENEWAL_YEARS,
    OPEN_MATCH_STATUSES,
    VETTING_ORDER,
    BefrienderStatus,
    Gender,
    TrainingModule,
    describe_slots,
    first_name,
)


class BefrienderQuerySet(models.QuerySet):
    def for_user(self, user):
        """The signed-in volunteer's own record (at most one)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def active(self):
        return self.filter(status=BefrienderStatus.ACTIVE)

    def with_places_taken(self):
        """`places_taken`: the volunteer's matches under way (proposed, introduced or active),
        each taking one of their `max_active_matches` places."""
        return self.annotate(
            places_taken=Count("matches", filter=Q(matches__status__in=OPEN_MATCH_STATUSES))
        )

    def waiting_for_match(self):
        """Active volunteers with a free place: no more open matches than they may have."""
        return self.active().with_places_taken().filter(places_taken__lt=F("max_active_matches"))

    def dbs_renewal_due(self, *, within=timedelta(days=60), today=None):
        """Volunteers whose DBS check is over three years old, or will be within `within`."""
        today = today or timezone.localdate()
        limit = today + within - relativedelta(years=DBS_RENEWAL_YEARS)
        return self.exclude(status__in=CLOSED_BEFRIENDER_STATUSES).filter(dbs_issued_on__lte=limit)


class Befriender(models.Model):
    """A volunteer, from application to leaving. Linked to their account once they have one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="befriender",
    )
    name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    status = models.CharField(
        max_length=30, choices=BefrienderStatus.choices, default=BefrienderStatus.APPLIED
    )
    status_changed_at = models.DateTimeField(default=timezone.now)
    not_taken_forward_reason = EncryptedTextField(_("why not taken forward (private)"), blank=True)
    applied_on = models.DateField(default=timezone.localdate)
    region = models.CharField(max_length=100)
    languages = models.CharField(
        max_length=200, blank=True, help_text=_("Languages they speak, separated by commas.")
    )
    gender = models.CharField(max_length=20, choices=Gender.choices, default=Gender.NOT_SAID)
    availability = models.JSONField(default=list, blank=True)
    what_they_bring = models.TextField(_("what they bring"), blank=True)
    max_active_matches = models.PositiveSmallIntegerField(
        _("matches they may have at once"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    dbs_certificate_number = models.CharField(
        _("DBS certificate number"), max_length=20, blank=True
    )
    dbs_issued_on = models.DateField(_("DBS certificate issued on"), null=True, blank=True)
    dbs_renewal_reminded_for = models.DateField(
        null=True, blank=True, editable=False, help_text="The issue date last reminded about."
    )

    objects = BefrienderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["dbs_issued_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_active_matches__gte=1) & Q(max_active_matches__lte=5),
                name="befriender_capacity_between_1_and_5",
            ),
            models.UniqueConstraint(
                "email",
                condition=~Q(
                    status__in=[BefrienderStatus.LEFT, BefrienderStatus.NOT_TAKEN_FORWARD]
                ),
                name="befriender_one_open_record_per_email",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def first_name(self) -> str:
        return first_name(self.name)

    @property
    def language_list(self) -> list[str]:
        return [part.strip() for part in self.languages.split(",") if part.strip()]

    @property
    def dbs_renewal_due_on(self) -> date | None:
        if self.dbs_issued_on is None:
            return None
        return self.dbs_issued_on + relativedelta(years=DBS_RENEWAL_YEARS)

    @property
    def next_vetting_status(self) -> str | None:
        if self.status in VETTING_ORDER[:-1]:
            return VETTING_ORDER[VETTING_ORDER.index(self.status) + 1]
        return None

    @property
    def availability_display(self) -> str:
        return describe_slots(self.availability)


class ReceivedApplicationQuerySet(models.QuerySet):
    def waiting_since(self, moment):
        """Applications received before `moment` and still not handled (a lost task)."""
        return self.filter(received_at__lt=moment)


class ReceivedApplication(models.Model):
    """A public application as it arrived, before anything is decided about it.

    The public form only stores this row and queues a task, the same work for every address, so
    neither its words nor its timing tell anyone whether an address is known here. The task
    decides in the background (a new applicant, or nothing) and deletes the row."""

    details = EncryptedTextField(help_text="The form's answers, as JSON.")
    received_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ReceivedApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["received_at", "pk"]

    def __str__(self):
        return f"Application received {timezone.localtime(self.received_at):%-d %b %Y %H:%M}"


class TrainingRecord(models.Model):
    befriender = models.ForeignKey(Befriender, on_delete=models.CASCADE, related_name="training")
    module = models.CharField(max_length=30, choices=TrainingModule.choices)
    completed_on = models.DateField()

    class Meta:
        ordering = ["completed_on", "module"]
        constraints = [
            models.UniqueConstraint(
                fields=["befriender", "module"], name="training_module_once_per_befriender"
            )
        ]

    def __str__(self):
        return f"{self.get_module_display()} ({self.completed_on:%-d %b %Y})"


class SupervisionSession(models.Model):
    """A supervision meeting with a volunteer. The notes are for staff only."""

    befriender = models.ForeignKey(
        Befriender, on_delete=models.CASCADE, related_name="supervision_sessions"
    )
    held_on = models.DateField()
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"Supervision on {self.held_on:%-d %b %Y}"
