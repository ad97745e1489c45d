"""Two managers approving the same payment at the same moment approve it once (PostgreSQL).

The race happens every time (tests/races.py): each approval is stopped at its write to the
payments table until both are parked there or behind the payment's row lock. Without the lock
both see "choice made" and both approve, so the test fails every time.
"""

import pytest

from pace_site.accounts.roles import Role
from pace_site.audit.models import AuditEntry
from pace_site.payments import services
from pace_site.payments.models import Payment, PaymentMethod, PaymentStatus
from pace_site.payments.services import PaymentError
from tests.factories import make_user
from tests.races import race

from .conftest import took_part


@pytest.mark.django_db(transaction=True)
def test_two_managers_approving_at_once_approve_once(manager):
    signup = took_part(manager)
    payment = Payment.objects.get(person=signup.parent.user)
    services.choose(payment, method=PaymentMethod.VOUCHER, by=signup.parent.user)
    approvers = [make_user(Role.PARTICIPATION_MANAGER) for _ in range(2)]

    racers = race(
        [lambda who=who: services.approve(payment, by=who) for who in approvers],
        gate=Payment._meta.db_table,
        what="both approvals to wait at the gate or for the payment",
    )

    errors = [r.error for r in racers if r.error]
    assert len(errors) == 1 and isinstance(errors[0], PaymentError), errors
    assert "already been approved" in str(errors[0])
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.APPROVED
    assert payment.approved_by in approvers
    assert AuditEntry.objects.filter(action="payments.payment.approved").count() == 1
