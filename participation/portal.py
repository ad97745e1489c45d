"""The participation panel on the portal home (/my/)."""

from .models import Parent, Pause, SignUp


def panel_context(request) -> dict:
    """Queries: the parent; then either their open pause, or matching offers and commitments."""
    parent = Parent.objects.filter(user=request.user).first()
    if parent is None:
        return {"parent": None}
    if parent.is_paused:
        return {
            "parent": parent,
            "pause": Pause.objects.open().filter(parent=parent).first(),
        }
    from .models import Opportunity

    return {
        "parent": parent,
        "offer_count": len(Opportunity.objects.matching(parent)),
        "commitments": list(
            SignUp.objects.for_parent(parent)
            .upcoming_commitments()
            .select_related("opportunity")
            .order_by("opportunity__starts_at")[:3]
        ),
    }
