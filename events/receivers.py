"""Events' part when something elsewhere changes."""

from django.utils import timezone

from pace_site.audit.services import record

from .models import Registration


def on_consent_withdrawn(sender, consent, by=None, **kwargs):
    """Photos and film permission taken back: the "happy to be in photos" tick on every event
    still to come is cleared, in the withdrawal's own transaction, so nobody on the day plans a
    photo with them."""
    from participation.models import ConsentPurpose

    if consent.purpose != ConsentPurpose.PHOTOS or consent.parent.has_consent(
        ConsentPurpose.PHOTOS
    ):
        return
    registrations = list(
        Registration.objects.select_for_update(of=("self",))
        .filter(
            user_id=consent.parent.user_id,
            photo_consent=True,
            event__starts_at__gte=timezone.now(),
        )
        .order_by("pk")
    )
    for registration in registrations:
        registration.photo_consent = False
        registration.save(update_fields=["photo_consent"])
        record("events.registration.photo_consent_cleared", registration, by=by)
