"""Platform middleware: security headers, per-area CSP, and the staff gate in front of /admin/."""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from .access import rule_of


class SecurityHeadersMiddleware:
    """Headers Django does not set itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body over the limit before any of it is read (413, the styled page).

    Only staff upload files (documents and images, in the admin), so everywhere else the limit is
    small. Django's own limits count form fields only, not files, and apply once reading starts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = (
            settings.MAX_ADMIN_REQUEST_BODY
            if request.path_info.startswith(settings.ADMIN_PATH_PREFIX)
            else settings.MAX_REQUEST_BODY
        )
        if length > limit:
            response = render(request, "413.html", status=413)
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The strict policy everywhere except the Wagtail admin, which gets the relaxed one (and may
    frame its own pages, for previews)."""

    def process_response(self, request, response):
        if request.path_info.startswith(settings.ADMIN_PATH_PREFIX):
            response["X-Frame-Options"] = "SAMEORIGIN"
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.ADMIN_PATH_PREFIX):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
        return parts


def _used_mfa(request) -> bool:
    return any(r.get("method") == "mfa" for r in get_authentication_records(request, request.user))


class StaffAdminMiddleware:
    """Only staff roles reach /admin/, and staff reach nothing signed-in without two-step sign-in.

    allauth has no setting for this. A staff member without an authenticator is sent to set one
    up; a session that was opened without the second factor (by any route) is closed and the
    person asked to sign in again. Until then a staff member reaches only the public site,
    signing in and out, and the two-step pages: not the portal, not their inbox (which holds
    parents' names and alerts), not their account settings. Others get a plain page saying
    /admin/ is for staff.
    """

    # Paths under /admin/ that must stay reachable: the redirect to our sign-in, and sign-out.
    OPEN_PATHS = ("login/", "logout/")
    # What a staff member may use before passing the second step.
    SECOND_STEP_URL_NAMES = frozenset(
        {
            "account_login",
            "account_logout",
            "account_reauthenticate",
            "mfa_index",
            "mfa_authenticate",
            "mfa_reauthenticate",
            "mfa_activate_totp",
            "mfa_view_recovery_codes",
            "mfa_generate_recovery_codes",
            "mfa_download_recovery_codes",
        }
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        prefix = settings.ADMIN_PATH_PREFIX
        path = request.path_info
        if not path.startswith(prefix) or path[len(prefix) :].startswith(self.OPEN_PATHS):
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': path})}")
        if not user.is_staff_member:
            return render(request, "pace_site/not_staff.html", status=403)
        return self._second_step(request, path) or self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_staff_member):
            return None
        if request.path_info.startswith(settings.ADMIN_PATH_PREFIX) or _used_mfa(request):
            return None  # the admin was gated above; a session that passed costs no query
        match = request.resolver_match
        if match is not None and match.url_name in self.SECOND_STEP_URL_NAMES:
            return None
        rule = rule_of(view_func)
        is_account_page = request.path_info.startswith("/accounts/")
        if rule is not None and rule.kind == "public" and not is_account_page:
            return None  # the public site
        return self._second_step(request, request.path_info)

    def _second_step(self, request, path):
        """None when the staff member has passed two-step sign-in, else where to send them."""
        user = request.user
        if not is_mfa_enabled(user):
            messages.info(
                request, "Staff accounts need two-step sign-in. Set it up here to continue."
            )
            return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': path})}")
        if not _used_mfa(request):
            logout(request)
            messages.info(request, "Please sign in again with your authenticator app code.")
            return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': path})}")
        return None
