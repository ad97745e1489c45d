"""The breach clock on the staff dashboard, for Administrators: open breaches whose report to
the ICO is not yet decided or not yet made, with the hours left (or overdue) of the 72."""

from typing import Any

from wagtail.admin.ui.components import Component

from pace_site.accounts.roles import Role

from ..models import Breach

SHOWN = 10


def is_administrator(user: Any) -> bool:
    return user.is_superuser or user.has_role(Role.ADMINISTRATOR)


class BreachClockPanel(Component):
    name = "privacy_breaches"
    template_name = "privacy/breaches/dashboard_panel.html"
    order = 40

    def get_context_data(self, parent_context: Any) -> dict[str, Any]:
        """Two queries: the first breaches on the clock (oldest first), and how many there are."""
        context = super().get_context_data(parent_context)
        waiting = Breach.objects.awaiting_report().order_by("discovered_at", "pk")
        shown = list(waiting[:SHOWN])
        context["breaches"] = shown
        context["waiting_count"] = len(shown) if len(shown) < SHOWN else waiting.count()
        return context
