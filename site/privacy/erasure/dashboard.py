"""The staff dashboard's panel of open requests to delete or correct information, with when
each answer is due (one calendar month after it reached us)."""

from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from wagtail.admin.ui.components import Component

from pace_site.accounts.roles import Role

from ..models.erasure import CorrectionRequest, ErasureRequest

HANDLERS = frozenset({Role.ADMINISTRATOR, Role.PARTICIPATION_MANAGER, Role.BEFRIENDING_COORDINATOR})
DUE_SOON_DAYS = 7


def _with_due(requests: list, today) -> list[dict[str, Any]]:
    soon = today + relativedelta(days=DUE_SOON_DAYS)
    return [
        {"request": r, "overdue": r.due_on < today, "due_soon": today <= r.due_on <= soon}
        for r in requests
    ]


def requests_context(today=None) -> dict[str, Any]:
    """Every open request, oldest first: two queries whatever the number (open requests are
    few; each is answered within a month)."""
    today = today or timezone.localdate()
    erasures = list(
        ErasureRequest.objects.open()
        .select_related("person", "record_type")
        .order_by("received_on", "pk")
    )
    corrections = list(
        CorrectionRequest.objects.open().select_related("person").order_by("received_on", "pk")
    )
    return {"erasures": _with_due(erasures, today), "corrections": _with_due(corrections, today)}


class DataRequestsPanel(Component):
    name = "privacy_requests"
    order = 60
    template_name = "privacy/erasure/admin/dashboard_panel.html"

    def __init__(self, context: dict[str, Any]) -> None:
        self.context = context

    def get_context_data(self, parent_context=None):
        return self.context


def add_panel(request, panels) -> None:
    """Managers and Administrators, who handle the requests, see the panel when any is open
    (two queries: the open requests, read once)."""
    user = request.user
    if not (user.is_superuser or user.role_names & HANDLERS):
        return
    context = requests_context()
    if context["erasures"] or context["corrections"]:
        panels.append(DataRequestsPanel(context))
