"""Actions on participation records. Each runs in one transaction and writes an audit entry."""

from django.db import transaction
from django.utils import timezone

from pace_site.audit.services import record

from .models import Consent
from .signals import consent_withdrawn


class ParticipationError(Exception):
    """An action that cannot be done; the message says why in plain words."""


def withdraw_consent(consent: Consent, *, by) -> Consent:
    """Withdraw a consent now. Whatever relied on it stops (listeners of `consent_withdrawn`)."""
    with transaction.atomic():
        consent = Consent.objects.select_for_update().get(pk=consent.pk)
        if consent.withdrawn_at is not None:
            raise ParticipationError("This permission was already withdrawn.")
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        record(by, "changed", consent, "consent withdrawn")
        transaction.on_commit(
            lambda: consent_withdrawn.send(sender=Consent, consent=consent, by=by)
        )
    return consent
