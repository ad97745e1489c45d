"""Staff work on payments: the listing (filter by status, export CSV or XLSX for finance) and the
actions, each through its service: approve and cancel (participation managers), mark paid
(finance).

    /admin/payments/                 payments_payments:index
    /admin/payments/<id>/approve/    payments_payments:approve
    /admin/payments/<id>/paid/       payments_payments:mark_paid
    /admin/payments/<id>/cancel/     payments_payments:cancel
"""

from typing import Any

from django import forms
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from pace_site.access import roles
from pace_site.accounts.models import User
from pace_site.accounts.roles import Role
from pace_site.forms import date_field
from pace_site.submissions.forms import OnceOnlyFormMixin
from pace_site.workspace import StaffViewSet, action
from pace_site.workspace.views import ServiceActionView

from . import services
from .models import Payment, PaymentStatus

APPROVERS = (Role.PARTICIPATION_MANAGER,)
FINANCE = (Role.FINANCE,)


class MarkPaidForm(OnceOnlyFormMixin, forms.Form):
    paid_on = date_field(_("Date paid"))
    finance_reference = forms.CharField(
        label=_("Finance reference"),
        max_length=60,
        help_text=_("The reference in the finance system: letters, numbers and . / # _ -"),
    )


class CancelForm(OnceOnlyFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


def acting(request: HttpRequest) -> User:
    """The signed-in staff member (every payments action needs a role, so never anonymous)."""
    assert isinstance(request.user, User)
    return request.user


class PaymentAction(ServiceActionView):
    model = Payment
    select_related = ("person",)
    header_icon = "doc-full"

    def get_success_url(self) -> str:
        return reverse("payments_payments:index")


class ApproveView(PaymentAction):
    submit_label = _("Approve the payment")
    success_message = _("Approved. Finance can now pay it.")

    @property
    def page_title(self) -> str:
        return _("Approve %(payment)s") % {"payment": self.object}

    def act(self, obj: Any, **data: Any) -> Payment:  # type: ignore[override]
        return services.approve(obj, by=acting(self.request))


class MarkPaidView(PaymentAction):
    form_class = MarkPaidForm
    submit_label = _("Mark as paid")
    success_message = _("Marked as paid.")

    @property
    def page_title(self) -> str:
        return _("Mark %(payment)s as paid") % {"payment": self.object}

    def get_initial(self) -> dict:
        return {"paid_on": timezone.localdate()}

    def act(self, obj: Any, **data: Any) -> Payment:  # type: ignore[override]
        return services.mark_paid(
            obj,
            paid_on=data["paid_on"],
            finance_reference=data["finance_reference"],
            by=acting(self.request),
        )


class CancelView(PaymentAction):
    form_class = CancelForm
    submit_label = _("Cancel the payment")
    success_message = _("Cancelled.")

    @property
    def page_title(self) -> str:
        return _("Cancel %(payment)s") % {"payment": self.object}

    def act(self, obj: Any, **data: Any) -> Payment:  # type: ignore[override]
        return services.cancel(obj, reason=data["reason"], by=acting(self.request))


def _only(view_class, allowed):
    """An action open to some of the viewset's roles only."""
    return roles(*allowed)(
        view_class.as_view(model=Payment, success_url_name="payments_payments:index")
    )


class NextStepColumn(Column):
    """What can be done next with the payment, as links to its actions (who may follow each is
    the action's own access rule)."""

    STEPS = {
        PaymentStatus.CHOSEN: (("approve", _("Approve")), ("cancel", _("Cancel"))),
        PaymentStatus.OFFERED: (("cancel", _("Cancel")),),
        PaymentStatus.APPROVED: (("mark_paid", _("Mark paid")), ("cancel", _("Cancel"))),
    }

    def get_value(self, instance):
        steps = self.STEPS.get(instance.status, ())
        return format_html_join(
            " · ",
            '<a href="{}">{}<span class="w-sr-only">: {}</span></a>',
            (
                (reverse(f"payments_payments:{name}", args=[instance.pk]), label, instance)
                for name, label in steps
            ),
        )


class PaymentViewSet(StaffViewSet):
    model = Payment
    url_prefix = "payments"
    roles = APPROVERS + FINANCE
    icon = "doc-full"
    menu_label = "Payments"
    menu_order = 260
    add_to_admin_menu = True
    list_select_related = ("person",)
    list_audit_code = "payments.payment_list.viewed"
    actions = (
        action("<id:pk>/approve/", _only(ApproveView, APPROVERS), "approve"),
        action("<id:pk>/paid/", _only(MarkPaidView, FINANCE), "mark_paid"),
        action("<id:pk>/cancel/", _only(CancelView, APPROVERS), "cancel"),
    )
    list_display = [
        "person",
        "description",
        Column("amount", label="Amount"),
        "status",
        "method",
        Column("earned_on", label="Took part", sort_key="earned_on"),
        Column("paid_on", label="Paid", sort_key="paid_on"),
        NextStepColumn("next_step", label="Next step"),
    ]
    list_filter = ["status", "method", "kind"]
    search_fields = ["description", "finance_reference"]
    list_export = [
        "person",
        "description",
        "activity",
        "programme",
        "amount",
        "status",
        "method",
        "earned_on",
        "approved_at",
        "paid_on",
        "finance_reference",
    ]
    export_headings = {
        "person": "Who",
        "description": "What for",
        "activity": "Activity type",
        "amount": "Amount",
        "earned_on": "Took part",
        "approved_at": "Approved",
        "paid_on": "Paid",
    }
    export_filename = "payments"
