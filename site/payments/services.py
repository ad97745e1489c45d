"""Every change to a payment: one transaction, the payment's row locked, one audit entry.

The state is checked after the lock is taken, so a second click or a stale form finds the
payment already moved on and changes nothing.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from pace_site.accounts.models import User
from pace_site.audit.services import record
from pace_site.services import ServiceError

from . import registry
from .models import (
    CHANGEABLE_STATUSES,
    MAX_PENCE,
    LimitPeriod,
    Payment,
    PaymentChoices,
    PaymentMethod,
    PaymentStatus,
    limit_period_bounds,
    pounds,
)

# A finance reference is what finance's own system calls the payment: letters, numbers and a
# few separators, never markup.
REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./#_-]{0,59}$")
REASON_MAX = 300


class PaymentError(ServiceError):
    """A change that cannot be made, with a message for the person who tried."""


def _locked(payment: Payment) -> Payment:
    return Payment.objects.select_for_update().get(pk=payment.pk)


def offer(
    person: User,
    *,
    kind: str,
    source_key: str,
    amount_pence: int,
    description: str,
    earned_on: date,
    activity: str = "",
    vouched_by: User | None = None,
    by: User | None = None,
) -> Payment:
    """Offer `person` a payment for one thing they did (`by` None: offered by the system).

    Once only for each `source_key` of a kind: offering again returns the first payment. The
    person's standing choice, if they made one, is applied at once."""
    payable = registry.kind(kind)
    if not 1 <= amount_pence <= MAX_PENCE:
        raise PaymentError(f"The amount must be between £0.01 and {pounds(MAX_PENCE)}.")
    existing = Payment.objects.filter(kind=kind, source_key=source_key).first()
    if existing is not None:
        return existing
    standing = (
        PaymentChoices.objects.filter(person=person).values_list("standing_method", flat=True)
    ).first() or ""
    now = timezone.now()
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                person=person,
                kind=kind,
                source_key=source_key,
                programme=payable.programme,
                description=description[:200],
                activity=activity[:200],
                amount_pence=amount_pence,
                earned_on=earned_on,
                status=PaymentStatus.CHOSEN if standing else PaymentStatus.OFFERED,
                method=standing,
                chosen_at=now if standing else None,
                created_by=by,
                vouched_by=vouched_by,
            )
            record(
                "payments.payment.offered",
                payment,
                by=by,
                data={"kind": kind, "amount_pence": amount_pence, "standing_choice": standing},
            )
    except IntegrityError:
        # Offered at the same moment by someone else: theirs stands.
        return Payment.objects.get(kind=kind, source_key=source_key)
    return payment


def choose(payment: Payment, *, method: str, by: User) -> Payment:
    """The person chooses how (or whether) to be paid; they may change it until it is paid."""
    if method not in PaymentMethod.values:
        raise PaymentError("Choose one of the ways to be paid.")
    with transaction.atomic():
        payment = _locked(payment)
        if payment.person_id != by.pk:
            raise PaymentError("Only the person being paid can choose how.")
        if payment.status not in CHANGEABLE_STATUSES:
            raise PaymentError(
                f"This payment is {payment.get_status_display()}, so the choice cannot change."
            )
        if payment.method == method:
            return payment  # the same choice sent twice changes nothing
        was_approved = payment.status == PaymentStatus.APPROVED
        payment.method = method
        payment.chosen_at = timezone.now()
        if was_approved:
            # A new choice is approved again, so finance never pays the old way.
            payment.approved_by, payment.approved_at = None, None
        payment.status = PaymentStatus.CHOSEN
        payment.save()
        record(
            "payments.payment.chosen",
            payment,
            by=by,
            data={"method": method, "approval_withdrawn": was_approved},
        )
    return payment


def may_approve(payment: Payment, user: User) -> bool:
    """Never the person who made the offer, nor the one who recorded the taking part it pays
    for (when the system made the offer), nor the person paid."""
    return user.pk not in {payment.created_by_id, payment.vouched_by_id, payment.person_id}


def approve(payment: Payment, *, by: User) -> Payment:
    with transaction.atomic():
        payment = _locked(payment)
        if payment.status == PaymentStatus.APPROVED:
            raise PaymentError("This payment has already been approved.")
        if payment.status != PaymentStatus.CHOSEN:
            raise PaymentError(
                f"This payment is {payment.get_status_display()}, so it cannot be approved."
            )
        if not may_approve(payment, by):
            raise PaymentError(
                "Someone else must approve this payment: you offered it or recorded the "
                "taking part it pays for."
            )
        payment.status = PaymentStatus.APPROVED
        payment.approved_by, payment.approved_at = by, timezone.now()
        payment.save()
        record("payments.payment.approved", payment, by=by, data={"method": payment.method})
    return payment


def mark_paid(payment: Payment, *, paid_on: date, finance_reference: str, by: User) -> Payment:
    """Finance records that it paid (or, for a gift back or a no thank you, settled) it."""
    reference = (finance_reference or "").strip()
    if not REFERENCE.match(reference):
        raise PaymentError(
            "Give the finance reference: up to 60 letters, numbers, spaces and . / # _ -"
        )
    today = timezone.localdate()
    with transaction.atomic():
        payment = _locked(payment)
        if payment.status == PaymentStatus.PAID:
            raise PaymentError("This payment has already been marked paid.")
        if payment.status != PaymentStatus.APPROVED:
            raise PaymentError(
                f"This payment is {payment.get_status_display()}, so it cannot be marked paid."
            )
        if paid_on > today:
            raise PaymentError("The date paid cannot be in the future.")
        if paid_on < payment.earned_on:
            raise PaymentError("The date paid cannot be before the day they took part.")
        payment.status = PaymentStatus.PAID
        payment.paid_on, payment.paid_by = paid_on, by
        payment.finance_reference = reference
        payment.save()
        record(
            "payments.payment.paid",
            payment,
            by=by,
            data={"method": payment.method, "paid_on": paid_on.isoformat()},
        )
    return payment


def cancel(payment: Payment, *, reason: str, by: User) -> Payment:
    reason = (reason or "").strip()
    if not reason:
        raise PaymentError("Say why the payment is cancelled.")
    if len(reason) > REASON_MAX:
        raise PaymentError(f"Keep the reason to {REASON_MAX} characters.")
    with transaction.atomic():
        payment = _locked(payment)
        if payment.status in (PaymentStatus.PAID, PaymentStatus.CANCELLED):
            raise PaymentError(
                f"This payment is {payment.get_status_display()}, so it cannot be cancelled."
            )
        payment.status = PaymentStatus.CANCELLED
        payment.cancelled_reason = reason
        payment.cancelled_by, payment.cancelled_at = by, timezone.now()
        payment.save()
        record("payments.payment.cancelled", payment, by=by)
    return payment


def save_choices(
    person: User,
    *,
    standing_method: str,
    limit_pence: int | None,
    limit_period: str,
    by: User,
) -> PaymentChoices:
    """A person's standing choice and private limit (both optional)."""
    if standing_method and standing_method not in PaymentMethod.values:
        raise PaymentError("Choose one of the ways to be paid, or none.")
    if (limit_pence is None) != (not limit_period):
        raise PaymentError("Give both an amount and how often for your limit, or neither.")
    if limit_period and limit_period not in LimitPeriod.values:
        raise PaymentError("Choose a week, a month or a year for your limit.")
    if limit_pence is not None and not 1 <= limit_pence <= 10_000_000:
        raise PaymentError("Your limit must be between £0.01 and £100,000.")
    if by.pk != person.pk:
        raise PaymentError("Only you can set your own payment choices.")
    with transaction.atomic():
        choices, _ = PaymentChoices.objects.select_for_update().get_or_create(person=person)
        choices.standing_method = standing_method
        choices.limit_pence, choices.limit_period = limit_pence, limit_period
        choices.updated_at = timezone.now()
        choices.save()
        record("payments.preference.saved", choices, by=by)
    return choices


@dataclass(frozen=True)
class LimitCheck:
    """A person's running total of bank transfers in the limit's period, against the limit."""

    limit_pence: int
    period: str
    total_pence: int
    this_pence: int

    @property
    def would_cross(self) -> bool:
        return self.total_pence + self.this_pence > self.limit_pence

    @property
    def left_pence(self) -> int:
        return max(self.limit_pence - self.total_pence, 0)

    @property
    def limit(self) -> str:
        return pounds(self.limit_pence)

    @property
    def total(self) -> str:
        return pounds(self.total_pence)

    @property
    def period_label(self) -> str:
        return str(LimitPeriod(self.period).label)


def limit_check(payment: Payment, choices: PaymentChoices | None) -> LimitCheck | None:
    """How this payment, paid by bank transfer, sits against the person's private limit. Only
    bank transfers count: a voucher, a gift back or a no thank you is not money paid in."""
    if choices is None or not choices.has_limit:
        return None
    first, last = limit_period_bounds(choices.limit_period, payment.earned_on)
    total = (
        Payment.objects.for_person(payment.person)
        .filter(
            method=PaymentMethod.BANK_TRANSFER,
            status__in=(PaymentStatus.CHOSEN, PaymentStatus.APPROVED, PaymentStatus.PAID),
            earned_on__gte=first,
            earned_on__lte=last,
        )
        .exclude(pk=payment.pk)
        .aggregate(total=Sum("amount_pence"))["total"]
        or 0
    )
    return LimitCheck(
        limit_pence=choices.limit_pence or 0,
        period=choices.limit_period,
        total_pence=total,
        this_pence=payment.amount_pence,
    )
