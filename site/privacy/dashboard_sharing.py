"""The dashboard panel listing sharing done without the person's consent, for a manager to
review (participation managers, befriending coordinators, administrators)."""

from wagtail.admin.ui.components import Component

from pace_site.audit.services import record

from .models.sharing import Sharing, is_sharing_staff

SHOWN = 8  # rows shown; the count says how many there are in all


def sharing_panel_context() -> dict:
    """Two queries whatever the data size: the count and the first rows."""
    to_review = Sharing.objects.needing_review().select_related("person").order_by("recorded_at")
    return {"count": to_review.count(), "rows": list(to_review[:SHOWN])}


class SharingReviewPanel(Component):
    name = "privacy_sharing"
    order = 60
    template_name = "privacy/sharing/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        context = sharing_panel_context()
        request = (parent_context or {}).get("request")
        if request is not None and context["count"]:
            record(
                "privacy.sharing.dashboard_viewed",
                by=request.user,
                data={"count": context["count"]},
            )
        return context


def add_sharing_panel(request, panels) -> None:
    if is_sharing_staff(request.user):
        panels.append(SharingReviewPanel())
