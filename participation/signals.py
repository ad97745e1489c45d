"""Signals the participation app sends; other apps (the public site) react to them."""

from django.dispatch import Signal

# Sent after a consent is withdrawn, once its transaction has committed.
# Arguments: consent (participation.Consent), by (the user who recorded it, or None).
consent_withdrawn = Signal()
