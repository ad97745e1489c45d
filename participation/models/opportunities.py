"""Opportunities offered to parents and their sign-ups."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pace_site.crypto import EncryptedTextField

# How close (in days) an opportunity may come to one of a parent's private dates before we hold
# back the offer and warn the manager.
from .payments import OpportunityLength
from .people import (
    ActivityContent,
    ActivityType,
    ConsentPurpose,
    Parent,
    ParentRowsQuerySet,
    ParentStatus,
    TakingPartWay,
)


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed to sign-ups")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class OpportunityQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=OpportunityStatus.OPEN)

    def upcoming(self):
        now = timezone.now()
        return self.filter(Q(starts_at__gte=now) | Q(starts_at__isnull=True, respond_by__gte=now))

    def with_places_taken(self):
        """Each opportunity with `places_taken`: its confirmed sign-ups and those who took part."""
        return self.annotate(
            places_taken=models.Count(
                "sign_ups", filter=Q(sign_ups__status__in=PLACE_TAKING_STATUSES)
            )
        )

    def closing_soon(self, days: int = 7):
        now = timezone.now()
        return self.open().filter(respond_by__gte=now, respond_by__lte=now + timedelta(days=days))

    def matching(self, parent):
        """Open opportunities this parent opted in to and whose boundaries fit (a list).

        Status and interests are filtered in SQL; ways, no-go content and private dates
        (encrypted) are checked in Python on the few rows left."""
        if parent.status != ParentStatus.ACTIVE:
            return []
        rows = (
            self.open()
            .upcoming()
            .filter(activity_type__interested_parents=parent)
            .select_related("activity_type")
            .order_by("starts_at", "respond_by", "pk")
        )
        return [opportunity for opportunity in rows if parent.accepts(opportunity)]


class Opportunity(models.Model):
    """A request for parents to speak, consult, be interviewed, review a document, …"""

    title = models.CharField(max_length=200)
    activity_type = models.ForeignKey(
        ActivityType, on_delete=models.PROTECT, related_name="opportunities"
    )
    description = models.TextField(max_length=4000)
    partner = models.CharField(
        _("requesting partner"),
        max_length=200,
        blank=True,
        help_text=_("For example a regional organised crime unit or a local authority."),
    )
    starts_at = models.DateTimeField(_("date and time"), null=True, blank=True)
    respond_by = models.DateTimeField(_("deadline to say yes"), null=True, blank=True)
    place = models.CharField(max_length=200, blank=True)
    is_remote = models.BooleanField(_("remote or by video link"), default=False)
    places = models.PositiveSmallIntegerField(_("number of places"), default=1)
    ways = models.JSONField(_("ways a parent may take part"), default=list, blank=True)
    content_notes = models.JSONField(_("what it involves"), default=list, blank=True)
    expenses = models.CharField(_("expenses or voucher offered"), max_length=200, blank=True)
    length = models.CharField(
        _("how long it takes"),
        max_length=20,
        choices=OpportunityLength.choices,
        blank=True,
        help_text=_(
            "Including preparation. Sets what it pays, from the payment rates in effect on its "
            "date; leave empty if it is not paid."
        ),
    )
    status = models.CharField(
        max_length=20, choices=OpportunityStatus.choices, default=OpportunityStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name_plural = "opportunities"
        indexes = [models.Index(fields=["status", "respond_by"], name="opportunity_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(places__gte=1) & Q(places__lte=500),
                name="opportunity_places_range",
                violation_error_message=_("The number of places must be between 1 and 500."),
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=False) | Q(respond_by__isnull=False),
                name="opportunity_has_a_date",
                violation_error_message=_("Give a date and time, a deadline, or both."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        # "At least one date" is the opportunity_has_a_date constraint, with its own message.
        if self.starts_at and self.respond_by and self.respond_by > self.starts_at:
            raise ValidationError(
                {"respond_by": _("The deadline to say yes must be before the date itself.")}
            )

    @property
    def key_date(self) -> date | None:
        moment = self.starts_at or self.respond_by
        return timezone.localdate(moment) if moment else None

    def payment_rate(self):
        """The rate in effect on its date for its kind and length (None: not paid)."""
        if not self.length or self.key_date is None:
            return None
        from .payments import PaymentRate

        return PaymentRate.objects.in_effect(
            activity_type_id=self.activity_type_id, length=self.length, on=self.key_date
        )

    def way_labels(self) -> list[str]:
        return [TakingPartWay(value).label for value in self.ways if value in TakingPartWay.values]

    def content_note_labels(self) -> list[str]:
        return [ActivityContent(v).label for v in self.content_notes if v in ActivityContent.values]

    @property
    def is_recorded(self) -> bool:
        return ActivityContent.RECORDED in self.content_notes

    @property
    def consents_needed(self) -> list[str]:
        """The permissions a parent must hold to be confirmed: photos or film when it is
        recorded, and whatever its kind of activity needs."""
        needed = [ConsentPurpose.PHOTOS] if self.is_recorded else []
        if self.activity_type.needs_consent and self.activity_type.needs_consent not in needed:
            needed.append(self.activity_type.needs_consent)
        return needed

    @property
    def is_accepting_sign_ups(self) -> bool:
        if self.status != OpportunityStatus.OPEN:
            return False
        return self.respond_by is None or self.respond_by >= timezone.now()


class SignUpStatus(models.TextChoices):
    INTERESTED = "interested", _("interested")
    CONFIRMED = "confirmed", _("confirmed")
    WAITLISTED = "waitlisted", _("on the waiting list")
    DECLINED = "declined", _("not this time")
    WITHDRAWN = "withdrawn", _("withdrawn")
    TOOK_PART = "took_part", _("took part")
    DID_NOT_TAKE_PART = "did_not_take_part", _("did not take part")


# What a parent reads about their own sign-up, one name per state, on every screen: the short
# name beside a title, and the sentence on the list and the opportunity's page.
PARENT_STATUS_NAMES = {
    SignUpStatus.INTERESTED: _("You're interested"),
    SignUpStatus.CONFIRMED: _("You have a place"),
    SignUpStatus.WAITLISTED: _("On the waiting list"),
    SignUpStatus.DECLINED: _("Not this time"),
    SignUpStatus.WITHDRAWN: _("You said you can't do it"),
    SignUpStatus.TOOK_PART: _("You took part"),
    SignUpStatus.DID_NOT_TAKE_PART: _("You didn't take part"),
}
PARENT_STATUS_SENTENCES = {
    SignUpStatus.INTERESTED: _(
        "You're interested. We'll be in touch to talk it through before anything is decided."
    ),
    SignUpStatus.CONFIRMED: _("You have a place. We'll be in touch with the details."),
    SignUpStatus.WAITLISTED: _(
        "You're on the waiting list. We'll tell you straight away if a place comes up."
    ),
    SignUpStatus.DECLINED: _("Not this time. Thank you for offering."),
    SignUpStatus.WITHDRAWN: _("You said you can't do it. That's fine."),
    SignUpStatus.TOOK_PART: _("You took part. Thank you."),
    SignUpStatus.DID_NOT_TAKE_PART: _("You didn't take part this time. That's fine."),
}

# Sign-ups that hold or claim a place.
LIVE_STATUSES = (SignUpStatus.INTERESTED, SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED)
PLACE_TAKING_STATUSES = (SignUpStatus.CONFIRMED, SignUpStatus.TOOK_PART)


class SignUpQuerySet(ParentRowsQuerySet):
    def live(self):
        return self.filter(status__in=LIVE_STATUSES)

    def waiting(self):
        """Sign-ups waiting for the manager to decide."""
        return self.filter(
            status=SignUpStatus.INTERESTED,
            opportunity__status__in=[OpportunityStatus.OPEN, OpportunityStatus.CLOSED],
        )

    def upcoming_commitments(self):
        return self.filter(status=SignUpStatus.CONFIRMED).exclude(
            opportunity__status__in=[OpportunityStatus.DONE, OpportunityStatus.CANCELLED]
        )

    def debrief_open(self):
        return self.filter(debrief_due_on__isnull=False, debrief_done_at__isnull=True)

    def contributions(self):
        """Sign-ups that took part: a parent's contribution (a consultation, a review...)."""
        return self.filter(status=SignUpStatus.TOOK_PART)

    def with_recorded_change(self):
        """Contributions linked to at least one change they brought about ("You said, we
        did"); the reports count these."""
        from .impact import ChangeContribution

        return self.contributions().filter(
            models.Exists(ChangeContribution.objects.filter(sign_up=models.OuterRef("pk")))
        )


class SignUp(models.Model):
    """A parent's "I'm interested" in an opportunity, and what the manager decided."""

    parent = models.ForeignKey(Parent, on_delete=models.CASCADE, related_name="sign_ups")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="sign_ups")
    message = EncryptedTextField(_("message to the team"), blank=True, default="")
    way = models.CharField(_("how I'd take part"), max_length=20, choices=TakingPartWay.choices)
    access_needs = EncryptedTextField(_("access needs"), blank=True, default="")
    status = models.CharField(
        max_length=20, choices=SignUpStatus.choices, default=SignUpStatus.INTERESTED
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    readiness_check_in = models.ForeignKey(
        "CheckIn", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    debrief_due_on = models.DateField(null=True, blank=True)
    debrief_done_at = models.DateTimeField(null=True, blank=True)

    objects = SignUpQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "sign-up"
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "opportunity"],
                name="signup_one_per_parent_and_opportunity",
                violation_error_message=_("This parent has already signed up for this."),
            )
        ]
        indexes = [models.Index(fields=["status", "opportunity"], name="signup_status_idx")]

    def __str__(self):
        return f"{self.parent} – {self.opportunity}"

    @property
    def can_withdraw(self) -> bool:
        return self.status in LIVE_STATUSES

    @property
    def parent_status(self) -> str:
        """The state's name in the parent's words."""
        return str(PARENT_STATUS_NAMES[SignUpStatus(self.status)])

    @property
    def parent_status_sentence(self) -> str:
        return str(PARENT_STATUS_SENTENCES[SignUpStatus(self.status)])
