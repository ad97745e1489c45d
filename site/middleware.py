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
    """Only staff roles reach /admin/, and only after two-factor sign-in.

    allauth has no setting for this. A staff member without an authenticator is sent to set one
    up; a session that was opened without the second factor (by any route) is closed and the
    person asked to sign in again. Others get a plain page saying this area is for staff.
    """

    # Paths under /admin/ that must stay reachable: the redirect to our sign-in, and sign-out.
    OPEN_PATHS = ("login/", "logout/")

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
        if not is_mfa_enabled(user):
            messages.info(
                request, "Staff accounts need two-step sign-in. Set it up here to continue."
            )
            return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': path})}")
        if not _used_mfa(request):
            logout(request)
            messages.info(request, "Please sign in again with your authenticator app code.")
            return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': path})}")
        return self.get_response(request)
