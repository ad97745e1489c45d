"""The payments pages of the portal: my payments, and choosing how to be paid.

Every page shows only the signed-in person's own payments; another person's payment is a 404.
"""

from django.contrib import messages
from django.db.models import Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pace_site.access import roles
from pace_site.accounts.roles import Role
from pace_site.submissions.services import DuplicateSubmission, once

from . import services
from .forms import ChooseForm
from .models import Payment, PaymentChoices, PaymentMethod, pounds, tax_year_of
from .services import PaymentError

paid_people = roles(Role.PARENT)


def _choices_of(user) -> PaymentChoices | None:
    return PaymentChoices.objects.filter(person=user).first()


@paid_people
def my_payments(request):
    """My payments, newest first, with what was paid to me this tax year."""
    payments = list(Payment.objects.for_person(request.user).order_by("-earned_on", "-pk"))
    year = tax_year_of(timezone.localdate())
    paid_this_year = (
        Payment.objects.for_person(request.user)
        .received()
        .in_tax_year(year)
        .aggregate(total=Sum("amount_pence"))["total"]
        or 0
    )
    return render(
        request,
        "payments/portal/list.html",
        {
            "payments": payments,
            "open": [p for p in payments if p.can_change_choice],
            "done": [p for p in payments if not p.can_change_choice],
            "tax_year": year,
            "tax_year_end": year + 1,
            "paid_this_year": pounds(paid_this_year),
        },
    )


def _choose(request, payment, form, check) -> bool:
    """Apply a valid choice, warning first when a bank transfer would cross the limit.
    True when the choice is made (or was already made by this same form)."""
    method = form.cleaned_data["method"]
    crossing = method == PaymentMethod.BANK_TRANSFER and check and check.would_cross
    if crossing and not form.cleaned_data["over_limit_ok"]:
        return False
    try:
        with once(form.key, by=request.user):
            services.choose(payment, method=method, by=request.user)
    except PaymentError as error:
        messages.error(request, str(error))
        return True
    except DuplicateSubmission:
        pass
    messages.success(request, _("Thank you. We have saved your choice."))
    return True


@paid_people
def my_payment(request, pk):
    """One payment: what it is for, where it is up to, and choosing how to be paid."""
    payment = get_object_or_404(Payment.objects.for_person(request.user), pk=pk)
    check = services.limit_check(payment, _choices_of(request.user))
    form = ChooseForm(
        request.POST if request.method == "POST" else None,
        initial={"method": payment.method or None},
    )
    warn = False
    if request.method == "POST" and form.is_valid():
        if _choose(request, payment, form, check):
            return redirect("payments:mine")
        warn = True
    return render(
        request,
        "payments/portal/detail.html",
        {"payment": payment, "form": form, "check": check, "warn": warn},
    )
