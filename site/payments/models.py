"""Payments: what is owed to whom, for what, how they chose to be paid and when it was paid.

Money is whole pence (an integer), shown as £12.50. No bank details are stored: finance pays
from its own system and records here the date, the method and its own reference.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pace_site.accounts.roles import Role

# Not paid this many days after taking part: overdue (flagged from the day after).
OVERDUE_AFTER_DAYS = 14
# £5,000: far above any involvement payment; a larger figure is a typing mistake.
MAX_PENCE = 500_000


def pounds(pence: int | None) -> str:
    """£12.50 (or £12 for whole pounds is not used: money always shows its pence)."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}.{part:02d}"


class PaymentStatus(models.TextChoices):
    OFFERED = "offered", _("offered")
    CHOSEN = "chosen", _("choice made")
    APPROVED = "approved", _("approved")
    PAID = "paid", _("paid")
    CANCELLED = "cancelled", _("cancelled")


OPEN_STATUSES = (PaymentStatus.OFFERED, PaymentStatus.CHOSEN, PaymentStatus.APPROVED)
# The person may still change how they are paid.
CHANGEABLE_STATUSES = (PaymentStatus.OFFERED, PaymentStatus.CHOSEN, PaymentStatus.APPROVED)


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    VOUCHER = "voucher", _("Voucher")
    DONATED_BACK = "donated_back", _("Give it back to Pace")
    DECLINED = "declined", _("No thank you")


# Methods where money or a voucher reaches the person.
RECEIVED_METHODS = (PaymentMethod.BANK_TRANSFER, PaymentMethod.VOUCHER)


class LimitPeriod(models.TextChoices):
    WEEK = "week", _("a week")
    MONTH = "month", _("a month")
    YEAR = "year", _("a year")


def tax_year_of(day: date) -> int:
    """The UK tax year a day falls in, named by the year it starts (6 April to 5 April)."""
    return day.year if (day.month, day.day) >= (4, 6) else day.year - 1


def tax_year_bounds(start_year: int) -> tuple[date, date]:
    """First and last day (both included) of the tax year starting in `start_year`."""
    return date(start_year, 4, 6), date(start_year + 1, 4, 5)


def limit_period_bounds(period: str, day: date) -> tuple[date, date]:
    """The week (Monday to Sunday), calendar month or tax year holding `day`, both included."""
    if period == LimitPeriod.WEEK:
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    if period == LimitPeriod.MONTH:
        first = day.replace(day=1)
        next_month = (first + timedelta(days=32)).replace(day=1)
        return first, next_month - timedelta(days=1)
    return tax_year_bounds(tax_year_of(day))


class PaymentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Finance, participation managers and Administrators see every payment; anyone
        else sees only their own."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.role_names & {
            Role.FINANCE,
            Role.PARTICIPATION_MANAGER,
            Role.ADMINISTRATOR,
        }:
            return self
        return self.filter(person=user)

    def for_person(self, user):
        return self.filter(person=user)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: date | None = None):
        """Not paid (nor cancelled) more than 14 days after taking part."""
        today = today or timezone.localdate()
        return self.open().filter(earned_on__lt=today - timedelta(days=OVERDUE_AFTER_DAYS))

    def received(self):
        """Paid, by bank transfer or voucher."""
        return self.filter(status=PaymentStatus.PAID, method__in=RECEIVED_METHODS)

    def in_tax_year(self, start_year: int):
        first, last = tax_year_bounds(start_year)
        return self.filter(paid_on__gte=first, paid_on__lte=last)


class Payment(models.Model):
    """One payment owed to one person for one thing they did (one sign-up, later one claim)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="payments"
    )
    kind = models.CharField(max_length=40)
    # What it is for, unique within its kind: "sign_up:42". One payment per thing, ever.
    source_key = models.CharField(max_length=80)
    description = models.CharField(_("what for"), max_length=200)
    programme = models.CharField(max_length=40, blank=True)
    activity = models.CharField(_("activity type"), max_length=200, blank=True)
    amount_pence = models.PositiveIntegerField(_("amount in pence"))
    earned_on = models.DateField(_("took part on"))
    status = models.CharField(
        max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.OFFERED
    )
    method = models.CharField(
        _("how to be paid"), max_length=20, choices=PaymentMethod.choices, blank=True
    )
    # Who made the offer (None: offered by the system when taking part was recorded) and who
    # recorded the taking part it pays for. Neither may approve it.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vouched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    chosen_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finance_reference = models.CharField(_("finance reference"), max_length=60, blank=True)
    cancelled_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    overdue_told_at = models.DateTimeField(null=True, blank=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        ordering = ["-earned_on", "-pk"]
        indexes = [models.Index(fields=["status", "earned_on"], name="payment_status_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source_key"],
                name="payment_one_per_source",
                violation_error_message=_("This has already been offered a payment."),
            ),
            models.CheckConstraint(
                condition=Q(amount_pence__gte=1) & Q(amount_pence__lte=MAX_PENCE),
                name="payment_amount_range",
                violation_error_message=_("The amount must be between £0.01 and £5,000."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=(PaymentStatus.OFFERED, PaymentStatus.CANCELLED))
                | ~Q(method=""),
                name="payment_chosen_has_method",
            ),
            models.CheckConstraint(
                condition=~Q(status=PaymentStatus.APPROVED) | Q(approved_at__isnull=False),
                name="payment_approved_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=PaymentStatus.PAID)
                | (Q(paid_on__isnull=False) & Q(approved_at__isnull=False)),
                name="payment_paid_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=PaymentStatus.CANCELLED) | ~Q(cancelled_reason=""),
                name="payment_cancelled_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | Q(created_by__isnull=True)
                | ~Q(approved_by=F("created_by")),
                name="payment_approver_not_creator",
            ),
        ]

    def __str__(self):
        return f"{pounds(self.amount_pence)} for {self.description}"

    @property
    def amount(self) -> str:
        return pounds(self.amount_pence)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def can_change_choice(self) -> bool:
        return self.status in CHANGEABLE_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.earned_on < today - timedelta(days=OVERDUE_AFTER_DAYS)

    @property
    def status_for_person(self) -> str:
        """The state in the paid person's words."""
        if self.status == PaymentStatus.OFFERED:
            return str(_("Waiting for your choice"))
        if self.status == PaymentStatus.PAID:
            if self.method in RECEIVED_METHODS:
                return str(_("Paid"))
            return str(_("Done"))
        if self.status == PaymentStatus.CANCELLED:
            return str(_("Cancelled"))
        return str(_("Being processed"))


class PaymentChoices(models.Model):
    """A person's standing choice of how to be paid and their private limit. The limit is
    theirs (from their own benefits advice); this system gives no benefits advice and stores no
    benefit type."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="payment_choices"
    )
    standing_method = models.CharField(
        _("how I'd usually like to be paid"),
        max_length=20,
        choices=PaymentMethod.choices,
        blank=True,
    )
    limit_pence = models.PositiveIntegerField(_("my limit in pence"), null=True, blank=True)
    limit_period = models.CharField(
        _("my limit is for"), max_length=10, choices=LimitPeriod.choices, blank=True
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "payment choices"
        verbose_name_plural = "payment choices"
        constraints = [
            models.CheckConstraint(
                condition=(Q(limit_pence__isnull=True) & Q(limit_period=""))
                | (Q(limit_pence__gte=1) & Q(limit_pence__lte=10_000_000) & ~Q(limit_period="")),
                name="payment_choices_limit_whole",
                violation_error_message=_("Give both an amount and how often, or neither."),
            )
        ]

    def __str__(self):
        return f"Payment choices of user {self.person_id}"

    @property
    def has_limit(self) -> bool:
        return self.limit_pence is not None and bool(self.limit_period)
