"""Signals the participation app sends; other apps (the public site) react to them."""

from django.dispatch import Signal

# Sent when a consent stops: withdrawn, or run out (its end date passed; by is None then).
# Arguments: consent (participation.Consent), by (the user who recorded it, or None).
consent_withdrawn = Signal()
