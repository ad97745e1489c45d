"""Involvement payments: what participation registers with the platform's payments.

When a manager records that a parent took part, `offer_for_sign_up` offers the payment in the
same transaction, at the rate in effect on the opportunity's date for its activity type and
length. One payment per sign-up, ever (the payment's unique key is the sign-up).
"""

from pace_site.accounts.roles import Role
from pace_site.payments import services as payments
from pace_site.payments.models import OPEN_STATUSES, Payment
from pace_site.payments.registry import register_kind

KIND = "involvement"

register_kind(
    KIND,
    label="Involvement payment",
    programme="participation",
    approvers={Role.PARTICIPATION_MANAGER},
)


def source_key(signup) -> str:
    return f"sign_up:{signup.pk}"


def offer_for_sign_up(signup, *, vouched_by) -> Payment | None:
    """Offer the parent their payment for taking part (None when the opportunity is not paid).
    Offered by the system; `vouched_by` recorded the taking part, so may not approve it."""
    opportunity = signup.opportunity
    rate = opportunity.payment_rate()
    if rate is None:
        return None
    return payments.offer(
        signup.parent.user,
        kind=KIND,
        source_key=source_key(signup),
        amount_pence=rate.amount_pence,
        description=opportunity.title,
        activity=opportunity.activity_type.name,
        earned_on=opportunity.key_date,
        vouched_by=vouched_by,
        by=None,
    )


def withdraw_for_sign_up(signup, *, by) -> None:
    """Taking part was recorded by mistake: cancel the payment if it is not paid yet."""
    payment = Payment.objects.filter(
        kind=KIND, source_key=source_key(signup), status__in=OPEN_STATUSES
    ).first()
    if payment is not None:
        payments.cancel(payment, reason="Recorded as not taking part after all.", by=by)
