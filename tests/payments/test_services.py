"""The payments' lifecycle: offered when taking part is recorded, chosen by the parent,
approved by someone else, marked paid by finance, or cancelled with a reason."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from pace_site.audit.models import AuditEntry
from pace_site.payments import services
from pace_site.payments.models import (
    LimitPeriod,
    Payment,
    PaymentChoices,
    PaymentMethod,
    PaymentStatus,
    limit_period_bounds,
    pounds,
    tax_year_bounds,
    tax_year_of,
)
from pace_site.payments.services import PaymentError
from participation import services as participation
from participation.models import OpportunityLength, PaymentRate, SignUpStatus
from tests.factories import ParentFactory
from tests.participation.factories import SignUpFactory

from .conftest import paid_opportunity, took_part

pytestmark = pytest.mark.django_db


def the_payment(signup) -> Payment:
    return Payment.objects.get(source_key=f"sign_up:{signup.pk}")


def approved(manager, other_manager, **kwargs) -> Payment:
    signup = took_part(manager, **kwargs)
    payment = services.choose(
        the_payment(signup), method=PaymentMethod.VOUCHER, by=signup.parent.user
    )
    return services.approve(payment, by=other_manager)


# Money ---------------------------------------------------------------------------------------


def test_money_is_shown_in_pounds_and_pence():
    assert pounds(1250) == "£12.50"
    assert pounds(7) == "£0.07"
    assert pounds(123456) == "£1,234.56"


# Offered when taking part is recorded ---------------------------------------------------------


def test_taking_part_offers_the_rate_in_effect_on_the_day_once(manager):
    signup = took_part(manager)
    payment = the_payment(signup)
    assert payment.person == signup.parent.user
    assert payment.amount_pence == 7500 and payment.amount == "£75.00"
    assert payment.status == PaymentStatus.OFFERED and payment.method == ""
    assert payment.created_by is None and payment.vouched_by == manager
    assert payment.earned_on == signup.opportunity.key_date
    assert AuditEntry.objects.filter(action="payments.payment.offered").count() == 1

    # Recorded again (not took part, then took part): still one payment for the sign-up.
    participation.decide_sign_up(signup, decision=SignUpStatus.DID_NOT_TAKE_PART, by=manager)
    assert the_payment(signup).status == PaymentStatus.CANCELLED
    participation.decide_sign_up(signup, decision=SignUpStatus.TOOK_PART, by=manager)
    assert Payment.objects.filter(person=signup.parent.user).count() == 1


def test_a_newer_rate_applies_from_its_date_only(manager):
    opportunity = paid_opportunity(days_ago=3)
    PaymentRate.objects.create(
        activity_type=opportunity.activity_type,
        length=OpportunityLength.HALF_DAY,
        effective_from=timezone.localdate(),  # after the opportunity
        amount_pence=9000,
    )
    assert opportunity.payment_rate().amount_pence == 7500
    PaymentRate.objects.create(
        activity_type=opportunity.activity_type,
        length=OpportunityLength.HALF_DAY,
        effective_from=opportunity.key_date,
        amount_pence=8000,
    )
    assert opportunity.payment_rate().amount_pence == 8000


def test_an_opportunity_with_no_length_or_no_rate_offers_nothing(manager):
    signup = SignUpFactory(
        opportunity=paid_opportunity(), status=SignUpStatus.CONFIRMED, parent=ParentFactory()
    )
    signup.opportunity.length = ""
    signup.opportunity.save()
    participation.decide_sign_up(signup, decision=SignUpStatus.TOOK_PART, by=manager)
    assert not Payment.objects.exists()


def test_the_standing_choice_is_applied_to_a_new_offer(manager):
    parent = ParentFactory()
    services.save_choices(
        parent.user,
        standing_method=PaymentMethod.VOUCHER,
        limit_pence=None,
        limit_period="",
        by=parent.user,
    )
    payment = the_payment(took_part(manager, parent=parent))
    assert payment.status == PaymentStatus.CHOSEN and payment.method == PaymentMethod.VOUCHER


def test_one_payment_per_source_is_a_database_rule(manager):
    payment = the_payment(took_part(manager))
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            person=payment.person,
            kind=payment.kind,
            source_key=payment.source_key,
            description="again",
            amount_pence=100,
            earned_on=payment.earned_on,
        )


@pytest.mark.parametrize("pence", [0, -5, 500_001, 10**9])
def test_an_amount_out_of_range_is_refused(manager, pence):
    parent = ParentFactory()
    with pytest.raises(PaymentError, match="between"):
        services.offer(
            parent.user,
            kind="involvement",
            source_key="manual:1",
            amount_pence=pence,
            description="A talk",
            earned_on=date(2026, 5, 1),
            by=manager,
        )
    assert not Payment.objects.exists()


# Choosing ---------------------------------------------------------------------------------------


def test_the_parent_chooses_and_may_change_until_paid(manager, other_manager, finance):
    signup = took_part(manager)
    me = signup.parent.user
    payment = services.choose(the_payment(signup), method=PaymentMethod.VOUCHER, by=me)
    assert payment.status == PaymentStatus.CHOSEN
    payment = services.approve(payment, by=other_manager)
    # Changing after approval needs approving again, so finance never pays the old way.
    payment = services.choose(payment, method=PaymentMethod.BANK_TRANSFER, by=me)
    assert payment.status == PaymentStatus.CHOSEN and payment.approved_by is None
    payment = services.approve(payment, by=other_manager)
    services.mark_paid(payment, paid_on=timezone.localdate(), finance_reference="PX-1", by=finance)
    with pytest.raises(PaymentError, match="cannot change"):
        services.choose(payment, method=PaymentMethod.DECLINED, by=me)
    assert Payment.objects.get(pk=payment.pk).method == PaymentMethod.BANK_TRANSFER


def test_only_the_person_paid_chooses_and_only_a_real_method(manager):
    signup = took_part(manager)
    payment = the_payment(signup)
    with pytest.raises(PaymentError, match="Only the person"):
        services.choose(payment, method=PaymentMethod.VOUCHER, by=ParentFactory().user)
    with pytest.raises(PaymentError, match="Choose one"):
        services.choose(payment, method="cash<script>", by=signup.parent.user)
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.OFFERED


# Approving ----------------------------------------------------------------------------------------


def test_whoever_recorded_the_taking_part_may_not_approve(manager, other_manager):
    signup = took_part(manager)
    payment = services.choose(
        the_payment(signup), method=PaymentMethod.VOUCHER, by=signup.parent.user
    )
    with pytest.raises(PaymentError, match="Someone else must approve"):
        services.approve(payment, by=manager)
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.CHOSEN
    assert services.approve(payment, by=other_manager).approved_by == other_manager


def test_whoever_offered_a_payment_may_not_approve_it(manager, other_manager):
    parent = ParentFactory()
    payment = services.offer(
        parent.user,
        kind="involvement",
        source_key="manual:2",
        amount_pence=2500,
        description="Reading a leaflet",
        earned_on=date(2026, 5, 1),
        by=manager,
    )
    services.choose(payment, method=PaymentMethod.VOUCHER, by=parent.user)
    with pytest.raises(PaymentError, match="Someone else must approve"):
        services.approve(payment, by=manager)
    services.approve(payment, by=other_manager)


def test_the_database_refuses_an_approver_who_created_the_payment(manager):
    payment = the_payment(took_part(manager))
    Payment.objects.filter(pk=payment.pk).update(created_by=manager)
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(approved_by=manager)


def test_a_second_click_on_approve_approves_once(manager, other_manager):
    payment = approved(manager, other_manager)
    stale = Payment.objects.get(pk=payment.pk)
    stale.status = PaymentStatus.CHOSEN  # as the page showed it before the first click
    with pytest.raises(PaymentError, match="already been approved"):
        services.approve(stale, by=other_manager)
    assert AuditEntry.objects.filter(action="payments.payment.approved").count() == 1


def test_an_offer_with_no_choice_yet_cannot_be_approved(manager, other_manager):
    payment = the_payment(took_part(manager))
    with pytest.raises(PaymentError, match="cannot be approved"):
        services.approve(payment, by=other_manager)


# Paying -------------------------------------------------------------------------------------------


def test_finance_marks_it_paid_once(manager, other_manager, finance):
    payment = approved(manager, other_manager)
    today = timezone.localdate()
    paid = services.mark_paid(payment, paid_on=today, finance_reference="VCH 2026/14", by=finance)
    assert paid.status == PaymentStatus.PAID and paid.paid_on == today
    assert paid.finance_reference == "VCH 2026/14" and paid.paid_by == finance
    with pytest.raises(PaymentError, match="already been marked paid"):
        services.mark_paid(payment, paid_on=today, finance_reference="AGAIN", by=finance)
    assert Payment.objects.get(pk=payment.pk).finance_reference == "VCH 2026/14"
    assert AuditEntry.objects.filter(action="payments.payment.paid").count() == 1


@pytest.mark.parametrize(
    ("days", "reference", "message"),
    [
        (0, "", "Give the finance reference"),
        (0, "<b>PX</b>", "Give the finance reference"),
        (0, "x" * 61, "Give the finance reference"),
        (1, "PX-1", "cannot be in the future"),
        (-30, "PX-1", "before the day they took part"),
    ],
)
def test_bad_payment_details_are_refused_and_change_nothing(
    manager, other_manager, finance, days, reference, message
):
    payment = approved(manager, other_manager)
    with pytest.raises(PaymentError, match=message):
        services.mark_paid(
            payment,
            paid_on=timezone.localdate() + timedelta(days=days),
            finance_reference=reference,
            by=finance,
        )
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.APPROVED


def test_an_unapproved_payment_cannot_be_marked_paid(manager, finance):
    signup = took_part(manager)
    payment = services.choose(
        the_payment(signup), method=PaymentMethod.VOUCHER, by=signup.parent.user
    )
    with pytest.raises(PaymentError, match="cannot be marked paid"):
        services.mark_paid(
            payment, paid_on=timezone.localdate(), finance_reference="PX", by=finance
        )


# Cancelling -------------------------------------------------------------------------------------


def test_cancelling_needs_a_reason_and_not_once_paid(manager, other_manager, finance):
    payment = the_payment(took_part(manager))
    with pytest.raises(PaymentError, match="Say why"):
        services.cancel(payment, reason="  ", by=other_manager)
    with pytest.raises(PaymentError, match="300 characters"):
        services.cancel(payment, reason="x" * 301, by=other_manager)
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.OFFERED
    cancelled = services.cancel(payment, reason="Offered twice by mistake", by=other_manager)
    assert cancelled.status == PaymentStatus.CANCELLED
    with pytest.raises(PaymentError, match="cannot be cancelled"):
        services.cancel(payment, reason="again", by=other_manager)

    paid = approved(manager, other_manager)
    services.mark_paid(paid, paid_on=timezone.localdate(), finance_reference="P1", by=finance)
    with pytest.raises(PaymentError, match="cannot be cancelled"):
        services.cancel(paid, reason="late", by=other_manager)


# Overdue -----------------------------------------------------------------------------------------


def test_overdue_from_day_15_after_taking_part_not_day_14(manager):
    on_time = the_payment(took_part(manager, days_ago=14))
    late = the_payment(took_part(manager, days_ago=15))
    assert list(Payment.objects.overdue()) == [late]
    assert late.is_overdue() and not on_time.is_overdue()


# Tax years and limits ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2026, 4, 5), 2025),
        (date(2026, 4, 6), 2026),
        (date(2027, 1, 1), 2026),
        (date(2027, 4, 5), 2026),
        (date(2027, 4, 6), 2027),
    ],
)
def test_a_tax_year_runs_from_6_april_to_5_april(day, year):
    assert tax_year_of(day) == year
    assert tax_year_bounds(year) == (date(year, 4, 6), date(year + 1, 4, 5))


def test_what_was_paid_in_a_tax_year(manager, other_manager, finance):
    parent = ParentFactory()
    for days_ago, paid_on in [(40, date(2026, 4, 5)), (30, date(2026, 4, 6))]:
        payment = approved(manager, other_manager, days_ago=days_ago, parent=parent)
        Payment.objects.filter(pk=payment.pk).update(
            status=PaymentStatus.PAID, paid_on=paid_on, finance_reference="P"
        )
    mine = Payment.objects.for_person(parent.user).received()
    assert [p.paid_on for p in mine.in_tax_year(2025)] == [date(2026, 4, 5)]
    assert [p.paid_on for p in mine.in_tax_year(2026)] == [date(2026, 4, 6)]


def test_limit_periods():
    wednesday = date(2026, 12, 2)
    assert limit_period_bounds(LimitPeriod.WEEK, wednesday) == (
        date(2026, 11, 30),
        date(2026, 12, 6),
    )
    assert limit_period_bounds(LimitPeriod.MONTH, wednesday) == (
        date(2026, 12, 1),
        date(2026, 12, 31),
    )
    assert limit_period_bounds(LimitPeriod.YEAR, wednesday) == (date(2026, 4, 6), date(2027, 4, 5))


def test_the_running_total_of_bank_transfers_is_shown_against_the_private_limit(manager):
    parent = ParentFactory()
    me = parent.user
    choices = services.save_choices(
        me, standing_method="", limit_pence=10_000, limit_period=LimitPeriod.YEAR, by=me
    )
    first = the_payment(took_part(manager, parent=parent, days_ago=3))
    second = the_payment(took_part(manager, parent=parent, days_ago=2))
    assert services.limit_check(second, choices).would_cross is False
    services.choose(first, method=PaymentMethod.BANK_TRANSFER, by=me)
    check = services.limit_check(second, choices)
    assert check.total == "£75.00" and check.limit == "£100.00"
    assert check.would_cross is True  # £75 + £75 > £100
    # A voucher does not count towards the money paid in.
    services.choose(first, method=PaymentMethod.VOUCHER, by=me)
    assert services.limit_check(second, choices).would_cross is False


@pytest.mark.parametrize(
    ("method", "pence", "period", "message"),
    [
        ("cash", None, "", "Choose one of the ways"),
        ("", 1000, "", "both an amount and how often"),
        ("", None, LimitPeriod.WEEK, "both an amount and how often"),
        ("", 1000, "fortnight", "a week, a month or a year"),
        ("", 0, LimitPeriod.WEEK, "between"),
        ("", 10**9, LimitPeriod.WEEK, "between"),
    ],
)
def test_bad_choices_are_refused_and_change_nothing(method, pence, period, message):
    me = ParentFactory().user
    with pytest.raises(PaymentError, match=message):
        services.save_choices(
            me, standing_method=method, limit_pence=pence, limit_period=period, by=me
        )
    assert not PaymentChoices.objects.exists()


def test_the_manager_dashboard_flags_payments_overdue_from_day_15(manager):
    from participation.dashboard import dashboard_context

    took_part(manager, days_ago=14)
    assert dashboard_context()["payments_overdue_count"] == 0
    late = the_payment(took_part(manager, days_ago=15))
    context = dashboard_context()
    assert context["payments_overdue_count"] == 1 and context["payments_overdue"] == [late]


def test_erasing_a_parent_keeps_their_paid_payment_for_the_accounts_without_what_it_was_for(
    manager, other_manager, finance
):
    """A payment is a record the charity's accounts need: erasure keeps the amount, the date and
    the reference, clears what it was for, and goes through (nothing refuses the person)."""
    from pace_site.privacy.erasure.engine import erase

    payment = approved(manager, other_manager)
    services.mark_paid(
        payment, paid_on=timezone.localdate(), finance_reference="VCH 2026/15", by=finance
    )
    person = payment.person
    erase(person, by=other_manager)
    kept = Payment.objects.get(pk=payment.pk)
    assert (kept.amount_pence, kept.finance_reference) == (payment.amount_pence, "VCH 2026/15")
    assert kept.description == "" and kept.activity == ""
    person.refresh_from_db()
    assert "erased" in person.email  # the person is gone; the record of the money stays
