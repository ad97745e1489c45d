from django.utils import timezone

from .models import Event, Registration, RegistrationStatus


def events_panel_context(request) -> dict:
    """The portal home panel: the person's next booked events and how many are open to them."""
    now = timezone.now()
    booked = list(
        Registration.objects.for_user(request.user)
        .filter(
            status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED],
            event__ends_at__gte=now,
        )
        .select_related("event")
        .order_by("event__starts_at")[:3]
    )
    # Those not already listed above as the person's own, so the count is what it says.
    open_count = (
        Event.objects.for_person(request.user)
        .upcoming(now)
        .exclude(
            pk__in=Registration.objects.for_user(request.user)
            .filter(status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED])
            .values("event_id")
        )
        .count()
    )
    return {"booked": booked, "open_count": open_count}
