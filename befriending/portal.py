"""The befriending panel on the portal home (/my/): where the volunteer is, and their match."""

from .models import Befriender, Match


def current_match(user) -> Match | None:
    """The volunteer's current match, with what its page needs of the parent."""
    return Match.objects.for_befriender(user).select_related("parent__user__contact_rules").first()


def can_raise_concern(user) -> bool:
    return Match.objects.open_to_concerns_from(user).exists()


def panel_context(request) -> dict:
    befriender = Befriender.objects.for_user(request.user).first()
    match = current_match(request.user) if befriender else None
    return {
        "befriender": befriender,
        "match": match,
        "can_raise_concern": bool(befriender) and can_raise_concern(request.user),
    }
