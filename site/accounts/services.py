"""Invitations: the only way a person gets an account. Password resets in the background."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pace_site.audit.services import record
from pace_site.queueing import queue_or_leave_for_sweep
from pace_site.services import ServiceError

from .models import Invitation, PasswordResetRequest, User
from .roles import Role

INVITATION_SALT = "pace.accounts.invitation"
INVITATION_DAYS = 7


class InvitationError(ServiceError):
    """The invitation link cannot be used; the message says why in plain words."""


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"id": invitation.pk, "email": invitation.email}, salt=INVITATION_SALT)


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "accounts:accept_invitation", kwargs={"token": invitation_token(invitation)}
    )


def invite(*, email: str, role: Role, display_name: str = "", by: User | None) -> Invitation:
    """Create an invitation and queue its e-mail. Earlier pending invitations for the address lapse."""
    from pace_site.notifications.services import notify_address

    email = email.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.pending().filter(email=email).update(revoked_at=now)
        invitation = Invitation.objects.create(
            email=email,
            display_name=display_name,
            role=role,
            invited_by=by,
            expires_at=now + timedelta(days=INVITATION_DAYS),
        )
        notify_address(
            email,
            "accounts/invitation",
            context={
                "invitation": invitation,
                "url": invitation_url(invitation),
                "days": INVITATION_DAYS,
            },
            urgent=True,
            carries_link=True,
        )
        record("accounts.invitation.sent", invitation, by=by, data={"role": role})
    return invitation


def invitation_from_token(token: str) -> Invitation:
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=timedelta(days=INVITATION_DAYS))
    except signing.SignatureExpired as error:
        raise InvitationError(
            "This invitation has expired. Please ask Pace to send you a new one."
        ) from error
    except signing.BadSignature as error:
        raise InvitationError(
            "This invitation link is not valid. Please check you used the whole link."
        ) from error
    invitation = Invitation.objects.filter(pk=data.get("id"), email=data.get("email")).first()
    if invitation is None or invitation.revoked_at:
        raise InvitationError(
            "This invitation is no longer valid. Please ask Pace to send you a new one."
        )
    if invitation.accepted_at:
        raise InvitationError(
            "This invitation has already been used. You can sign in with your password."
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationError("This invitation has expired. Please ask Pace to send you a new one.")
    return invitation


def accept_invitation(token: str, *, password: str, display_name: str) -> User:
    """Create the account for an invitation, once. The e-mail address counts as confirmed."""
    from pace_site.notifications.services import ensure_contact_rules

    with transaction.atomic():
        invitation = invitation_from_token(token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at:
            raise InvitationError(
                "This invitation has already been used. You can sign in with your password."
            )
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise InvitationError(
                "An account already exists for this address. Please sign in instead."
            )
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            display_name=display_name or invitation.display_name,
        )
        user.groups.add(Group.objects.get(name=invitation.role))
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        ensure_contact_rules(user)
        invitation.accepted_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["accepted_at", "user"])
        record("accounts.invitation.accepted", invitation, by=user, data={"user": user.pk})
    return user


def change_roles(user: User, *, grant=(), revoke=(), by: User | None) -> None:
    """Give and take away roles (groups) of one person, in one transaction, audited. Only the
    changes that are real are made and recorded."""
    with transaction.atomic():
        held = set(user.groups.values_list("name", flat=True))
        to_grant = [role for role in grant if role not in held]
        to_revoke = [role for role in revoke if role in held]
        if not (to_grant or to_revoke):
            return
        if to_grant:
            user.groups.add(*Group.objects.filter(name__in=to_grant))
        if to_revoke:
            user.groups.remove(*Group.objects.filter(name__in=to_revoke))
        user.__dict__.pop("role_names", None)
        record(
            "accounts.user.roles_changed",
            user,
            by=by,
            data={"granted": sorted(to_grant), "revoked": sorted(to_revoke)},
        )


# Two-step sign-in -----------------------------------------------------------------------------


def move_two_step(user: User, *, secret: str, by: User) -> None:
    """Two-step sign-in moves to a new authenticator app (`secret` its key): the old app's key is
    replaced in the same transaction, so the account is never without it. Audited."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    with transaction.atomic():
        holder = User.objects.select_for_update().get(pk=user.pk)
        Authenticator.objects.filter(user=holder, type=Authenticator.Type.TOTP).delete()
        TOTP.activate(holder, secret)
        record("accounts.two_step.moved", holder, by=by)


# Password reset ------------------------------------------------------------------------------


def request_password_reset(*, email: str) -> PasswordResetRequest:
    """Note that someone asked to reset the password for `email`, and queue the task that mails
    a link if anyone here has that address. The same work whether or not they do: nothing is
    looked up here, so neither the answer nor its timing tells who has an account."""
    with transaction.atomic():
        reset = PasswordResetRequest.objects.create(email=email.strip().lower())
        transaction.on_commit(lambda: enqueue_password_reset(reset.pk))
    return reset


def enqueue_password_reset(request_id: int) -> None:
    """Queue the task. If the broker is down the row waits for the sweep."""
    from .tasks import send_password_reset

    queue_or_leave_for_sweep(send_password_reset, request_id, what="password reset request")


def send_password_reset(request_id: int) -> str:
    """Mail a reset link to each active account with the requested address, once, and forget
    the address. Safe to call twice or concurrently: the row is locked, then deleted."""
    from allauth.account.adapter import get_adapter
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import filter_users_by_email, user_pk_to_url_str

    with transaction.atomic():
        reset = (
            PasswordResetRequest.objects.select_for_update(skip_locked=True)
            .filter(pk=request_id)
            .first()
        )
        if reset is None:
            return "nothing to do"
        email = reset.email
        reset.delete()
        users = filter_users_by_email(email, is_active=True, prefer_verified=True)
        adapter = get_adapter()
        for user in users:
            uid = user_pk_to_url_str(user)
            temp_key = default_token_generator.make_token(user)
            path = reverse(
                "account_reset_password_from_key", kwargs={"uidb36": uid, "key": temp_key}
            )
            context = {
                "user": user,
                "password_reset_url": settings.SITE_URL.rstrip("/") + path,
                "uid": uid,
                "key": temp_key,
                "request": None,
            }
            adapter.send_password_reset_mail(user, email, context)
    return "sent" if users else "no account"
