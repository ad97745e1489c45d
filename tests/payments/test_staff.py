"""The staff payments screens: managers approve and cancel, finance lists, exports and marks
paid; each action goes through its service and a refusal changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pace_site.payments import services
from pace_site.payments.models import Payment, PaymentMethod, PaymentStatus
from tests.helpers import sign_in

from .conftest import took_part

pytestmark = pytest.mark.django_db


def chosen(manager) -> Payment:
    signup = took_part(manager)
    payment = Payment.objects.get(person=signup.parent.user)
    return services.choose(payment, method=PaymentMethod.VOUCHER, by=signup.parent.user)


def as_user(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def post(client, name, payment, data=None):
    from uuid import uuid4

    url = reverse(f"payments_payments:{name}", args=[payment.pk])
    return client.post(url, {"submission_key": str(uuid4()), **(data or {})})


def test_manager_approves_and_finance_marks_paid(manager, other_manager, finance):
    payment = chosen(manager)
    # The manager who recorded the taking part is refused, with the reason.
    refused = post(as_user(manager), "approve", payment)
    assert "Someone else must approve" in refused.content.decode() or refused.status_code == 302
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.CHOSEN
    # Finance may not approve; a manager may not mark paid (Wagtail's admin answers a refusal
    # by sending them to its dashboard).
    refused = post(as_user(finance), "approve", payment)
    assert refused.status_code in (302, 403) and refused.get("Location", "/admin/") == "/admin/"
    refused = post(as_user(other_manager), "mark_paid", payment)
    assert refused.status_code in (302, 403) and refused.get("Location", "/admin/") == "/admin/"
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.CHOSEN

    assert post(as_user(other_manager), "approve", payment).status_code == 302
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.APPROVED

    books = as_user(finance)
    bad = post(books, "mark_paid", payment, {"paid_on": "2999-01-01", "finance_reference": "X"})
    assert bad.status_code in (302, 400)
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.APPROVED
    bad = post(
        books,
        "mark_paid",
        payment,
        {"paid_on": timezone.localdate().isoformat(), "finance_reference": "<script>"},
    )
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.APPROVED
    ok = post(
        books,
        "mark_paid",
        payment,
        {"paid_on": timezone.localdate().isoformat(), "finance_reference": "BACS-7"},
    )
    assert ok.status_code == 302
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID and payment.finance_reference == "BACS-7"


def test_finance_lists_and_exports_formula_safe(manager, finance):
    payment = chosen(manager)
    Payment.objects.filter(pk=payment.pk).update(description="=HYPERLINK(1)")
    books = as_user(finance)
    listing = books.get(reverse("payments_payments:index"))
    assert listing.status_code == 200 and "£75.00" in listing.content.decode()
    export = books.get(reverse("payments_payments:index") + "?export=csv")
    body = b"".join(export.streaming_content).decode() if export.streaming else export.content
    assert "'=HYPERLINK(1)" in body and "£75.00" in body and "Who" in body
    xlsx = books.get(reverse("payments_payments:index") + "?export=xlsx")
    assert xlsx.status_code == 200


@pytest.mark.parametrize("size", [1, 10])
def test_the_staff_listing_query_count_stays_flat(
    manager, finance, size, django_assert_max_num_queries
):
    for _ in range(size):
        chosen(manager)
    books = as_user(finance)
    books.get(reverse("payments_payments:index"))  # warm the per-process caches
    with django_assert_max_num_queries(30):
        assert books.get(reverse("payments_payments:index")).status_code == 200


def test_cancel_needs_a_reason(manager, other_manager):
    payment = chosen(manager)
    post(as_user(other_manager), "cancel", payment, {"reason": ""})
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.CHOSEN
    post(as_user(other_manager), "cancel", payment, {"reason": "Offered twice"})
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.CANCELLED
