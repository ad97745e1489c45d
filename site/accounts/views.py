import base64
import contextlib

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import clear_totp_secret
from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from pace_site.access import public, roles, signed_in
from pace_site.submissions.forms import OnceOnlyForm
from pace_site.submissions.services import DuplicateSubmission, once, was_used

from . import services
from .forms import AcceptInvitationForm, InviteForm, MoveTOTPForm
from .models import User
from .roles import STAFF_ROLES, Role


@public
@never_cache
@sensitive_post_parameters("password1", "password2")
def accept_invitation(request, token):
    """Set a password from an e-mailed invitation. Anyone holding a valid link may use it, once."""
    try:
        invitation = services.invitation_from_token(token)
    except services.InvitationError as error:
        return render(
            request, "accounts/invitation_invalid.html", {"reason": str(error)}, status=410
        )

    form = AcceptInvitationForm(
        request.POST or None,
        email=invitation.email,
        initial={"display_name": invitation.display_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                token,
                password=form.cleaned_data["password1"],
                display_name=form.cleaned_data["display_name"],
            )
        except services.InvitationError as error:
            return render(
                request, "accounts/invitation_invalid.html", {"reason": str(error)}, status=410
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        record_authentication(request, user, "password", email=user.email)
        messages.success(request, _("Welcome. Your account is ready."))
        return redirect("pace_site:after_login")
    return render(
        request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation}
    )


INVITERS = (Role.PARTICIPATION_MANAGER, Role.BEFRIENDING_COORDINATOR, Role.ADMINISTRATOR)


def roles_user_may_invite(user):
    """Nobody is invited straight in as a Befriender: a volunteer joins as an applicant and gets
    that role when a coordinator makes them active, after vetting and training."""
    if user.is_superuser or user.has_role(Role.ADMINISTRATOR):
        return set(Role) - {Role.BEFRIENDER}
    allowed = set()
    if user.has_role(Role.PARTICIPATION_MANAGER):
        allowed.add(Role.PARENT)
    if user.has_role(Role.BEFRIENDING_COORDINATOR):
        allowed.add(Role.APPLICANT)
    return allowed


@roles(*INVITERS)
def invite(request):
    """Staff invite a parent, a volunteer or (Administrators only) a colleague."""
    allowed = roles_user_may_invite(request.user)
    form = InviteForm(request.POST or None, allowed_roles=allowed)
    if request.method == "POST" and form.is_valid():
        role = Role(form.cleaned_data["role"])
        # A double click sends one invitation (a second would make the first link lapse).
        with contextlib.suppress(DuplicateSubmission), once(form.key, by=request.user):
            services.invite(
                email=form.cleaned_data["email"],
                role=role,
                display_name=form.cleaned_data["display_name"],
                by=request.user,
            )
        messages.success(
            request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
        )
        return redirect("invitations:invite")
    return render(
        request,
        "accounts/admin/invite.html",
        {"form": form, "staff_roles": STAFF_ROLES, "header_title": _("Invite someone")},
    )


MOVED = gettext_lazy(
    "Two-step sign-in now uses your new phone. Codes from the old one no longer work."
)


def _move_two_step_once(request) -> tuple[MoveTOTPForm | None, bool]:
    """The posted form, and whether the move is done. A second click of the same form (which
    may have read the session before the first one saved it) is answered as the first."""
    user = request.user
    sent = OnceOnlyForm(request.POST)
    form = None
    if not (sent.is_valid() and was_used(sent.key)):
        form = MoveTOTPForm(request.POST, user=user)
        if not form.is_valid():
            return form, False
        with contextlib.suppress(DuplicateSubmission), once(form.key, by=user):
            services.move_two_step(user, secret=form.secret, by=user)
    clear_totp_secret(request)
    messages.success(request, MOVED)
    return form, True


@signed_in
@never_cache
@sensitive_post_parameters("current_code", "code")
def move_two_step(request):
    """Two-step sign-in moved to a new phone, without ever turning it off (staff may not turn it
    off at all). The new key is shown as a square code and as text."""
    user = request.user
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return redirect("mfa_activate_totp")
    if request.method == "POST":
        with transaction.atomic():
            # One move at a time per person: a second click waits here until the first is
            # done, then finds its form used (its codes would no longer be accepted).
            list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk"))
            form, moved = _move_two_step_once(request)
            if moved or form is None:
                return redirect("mfa_index")
    else:
        form = MoveTOTPForm(None, user=user)
    adapter = get_mfa_adapter()
    svg = adapter.build_totp_svg(adapter.build_totp_url(user, form.secret))
    context = {
        "form": form,
        "totp_svg_data_uri": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
    }
    return render(request, "mfa/totp/move_form.html", context, status=400 if form.errors else 200)
