from datetime import timedelta

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.signals import authenticator_added
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone


@receiver(user_logged_in, dispatch_uid="pace-staff-session-expiry")
def limit_staff_session(sender, request, user, **kwargs):
    """Staff sessions end a fixed 12 hours after sign-in, however active they are."""
    if request is not None and hasattr(request, "session") and user.is_staff_member:
        request.session.set_expiry(timezone.now() + timedelta(hours=settings.STAFF_SESSION_HOURS))


@receiver(authenticator_added, dispatch_uid="pace-mfa-activated-counts-as-mfa")
def count_activation_as_mfa(sender, request, user, authenticator, **kwargs):
    """Setting up an authenticator means entering a valid code from it: the session has used MFA."""
    if request is not None:
        record_authentication(request, user, "mfa", type=authenticator.type)
