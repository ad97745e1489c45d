"""The parent's payments pages: their own payments only, choosing how to be paid, and the
warning before a bank transfer would cross their private limit."""

import pytest
from django.urls import reverse

from pace_site.payments import services
from pace_site.payments.models import LimitPeriod, Payment, PaymentMethod, PaymentStatus
from tests.factories import ParentFactory
from tests.helpers import sign_in

from .conftest import took_part

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    from django.test import Client

    from tests.helpers import KeyedClient

    class Keyed(KeyedClient, Client):
        pass

    return Keyed()


def offered(manager, parent=None, days_ago=3) -> Payment:
    signup = took_part(manager, parent=parent, days_ago=days_ago)
    return Payment.objects.get(person=signup.parent.user, source_key=f"sign_up:{signup.pk}")


def test_the_list_shows_my_payments_and_not_anyone_elses(client, manager):
    mine = offered(manager)
    theirs = offered(manager)
    Payment.objects.filter(pk=theirs.pk).update(description="Someone else's talk")
    sign_in(client, mine.person)
    page = client.get(reverse("payments:mine")).content.decode()
    assert "£75.00" in page and mine.description in page
    assert "Someone else" not in page
    assert client.get(reverse("payments:detail", args=[theirs.pk])).status_code == 404


def test_choosing_a_voucher_saves_it(client, manager):
    payment = offered(manager)
    sign_in(client, payment.person)
    response = client.post(reverse("payments:detail", args=[payment.pk]), {"method": "voucher"})
    assert response.status_code == 302
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CHOSEN and payment.method == PaymentMethod.VOUCHER


@pytest.mark.parametrize("method", ["", "cash", "<b>voucher</b>", "1"])
def test_a_bad_choice_gets_a_clear_message_and_changes_nothing(client, manager, method):
    payment = offered(manager)
    sign_in(client, payment.person)
    response = client.post(reverse("payments:detail", args=[payment.pk]), {"method": method})
    assert response.status_code == 200
    assert "Choose how you would like to be paid" in response.content.decode() or (
        "Select a valid choice" in response.content.decode()
    )
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.OFFERED and payment.method == ""


def test_a_stale_form_after_payment_changes_nothing(client, manager, other_manager, finance):
    from django.utils import timezone

    payment = offered(manager)
    me = payment.person
    services.choose(payment, method=PaymentMethod.VOUCHER, by=me)
    services.approve(payment, by=other_manager)
    services.mark_paid(payment, paid_on=timezone.localdate(), finance_reference="P1", by=finance)
    sign_in(client, me)
    response = client.post(
        reverse("payments:detail", args=[payment.pk]), {"method": "bank_transfer"}, follow=True
    )
    assert "cannot change" in response.content.decode()
    payment.refresh_from_db()
    assert payment.method == PaymentMethod.VOUCHER and payment.status == PaymentStatus.PAID


def test_a_bank_transfer_over_my_limit_warns_first_and_offers_a_voucher(client, manager):
    parent = ParentFactory()
    me = parent.user
    services.save_choices(
        me, standing_method="", limit_pence=10_000, limit_period=LimitPeriod.MONTH, by=me
    )
    first = offered(manager, parent=parent, days_ago=1)
    services.choose(first, method=PaymentMethod.BANK_TRANSFER, by=me)
    second = offered(manager, parent=parent, days_ago=1)
    sign_in(client, me)
    url = reverse("payments:detail", args=[second.pk])
    page = client.get(url).content.decode()
    assert "Bank transfers so far: £75.00 of your limit of £100.00 a month" in page

    response = client.post(url, {"method": "bank_transfer"})
    page = response.content.decode()
    assert response.status_code == 200 and "This would take you over your limit" in page
    assert "Take a voucher instead" in page
    second.refresh_from_db()
    assert second.status == PaymentStatus.OFFERED  # nothing chosen yet

    client.post(url, {"method": "bank_transfer", "over_limit_ok": "1"})
    second.refresh_from_db()
    assert second.method == PaymentMethod.BANK_TRANSFER


def test_query_counts_of_my_payments_stay_flat(client, manager, django_assert_max_num_queries):
    parent = ParentFactory()
    offered(manager, parent=parent)
    sign_in(client, parent.user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("payments:mine")).status_code == 200
    for _ in range(8):
        offered(manager, parent=parent)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("payments:mine")).status_code == 200


def test_an_opportunity_shows_what_it_pays_before_signing_up(client, manager):
    from participation.models import OpportunityLength, PaymentRate
    from tests.participation.factories import OpportunityFactory, activity

    speaking = activity("Speaking at training")
    parent = ParentFactory(interests=[speaking])
    PaymentRate.objects.create(
        activity_type=speaking,
        length=OpportunityLength.FULL_DAY,
        amount_pence=15000,
        effective_from=timezone_today(),
    )
    paid = OpportunityFactory(activity_type=speaking, length=OpportunityLength.FULL_DAY)
    unpaid = OpportunityFactory(activity_type=speaking, title="An unpaid chat")
    sign_in(client, parent.user)
    listing = client.get(reverse("participation:opportunities")).content.decode()
    assert "We offer £150.00 for taking part (a full day)." in listing
    assert listing.count("We offer") == 1
    page = client.get(reverse("participation:opportunity", args=[paid.pk])).content.decode()
    assert "£150.00 for a full day" in page
    page = client.get(reverse("participation:opportunity", args=[unpaid.pk])).content.decode()
    assert "Payment for taking part" not in page


def test_the_manager_sets_a_rate_in_the_workspace_and_it_is_audited(manager):
    from django.test import Client

    from pace_site.audit.models import AuditEntry
    from participation.models import PaymentRate
    from tests.participation.factories import activity

    speaking = activity("Speaking at training")
    staff = Client()
    sign_in(staff, manager)
    url = reverse("participation_payment_rates:add")
    response = staff.post(
        url,
        {
            "activity_type": speaking.pk,
            "length": "half_day",
            "amount_pence": "-100",
            "effective_from": "2026-04-06",
        },
    )
    assert response.status_code == 200 and not PaymentRate.objects.exists()
    response = staff.post(
        url,
        {
            "activity_type": speaking.pk,
            "length": "half_day",
            "amount_pence": "7500",
            "effective_from": "2026-04-06",
        },
    )
    assert response.status_code == 302
    rate = PaymentRate.objects.get()
    assert rate.amount == "£75.00" and rate.created_by == manager
    assert AuditEntry.objects.filter(action="participation.payment_rate.saved").count() == 1


def timezone_today():
    from datetime import timedelta

    from django.utils import timezone

    return timezone.localdate() - timedelta(days=1)
