"""Platform views: portal home, sign-in landing and the closed back doors."""

from django.conf import settings
from django.contrib.auth import logout
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from .access import public, roles, signed_in
from .accounts.roles import PORTAL_ROLES, STAFF_ROLES
from .portal import panels_for


@public
@csrf_exempt
@never_cache
def admin_login(request):
    """Wagtail's own sign-in form skips two-factor and rate limits: it never takes a password here.
    Any request, GET or POST, is sent to the real sign-in page."""
    next_url = request.GET.get("next", settings.ADMIN_PATH_PREFIX)
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = settings.ADMIN_PATH_PREFIX
    return HttpResponseRedirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': next_url})}")


@public
@never_cache
def frontend_login(request):
    """Where Wagtail sends a visitor to a page or document for signed-in people only: forwarded
    to the real sign-in, coming back to what they asked for (on this site only)."""
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    return HttpResponseRedirect(f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': next_url})}")


@signed_in
def after_login(request):
    """Staff land in the admin; parents and volunteers in their portal."""
    if request.user.is_staff_member:
        return redirect(settings.ADMIN_PATH_PREFIX)
    return redirect("pace_site:portal_home")


@roles(*PORTAL_ROLES)
def portal_home(request):
    """The portal home for parents and volunteers: panels from the working apps."""
    return render(request, "pace_site/portal_home.html", {"panels": panels_for(request)})


@public
@roles(*STAFF_ROLES)
def set_page_position(request, page_to_move_id):
    """Wagtail's page reordering, refusing what it would fail on: the root page (which has no
    parent) and a position that is not a small whole number."""
    from wagtail.admin.views.pages.ordering import set_page_position as wagtail_set_position
    from wagtail.models import Page

    page = get_object_or_404(Page, pk=page_to_move_id, depth__gt=1)
    position = request.GET.get("position")
    if position is not None and not (position.isdigit() and len(position) < 7):
        return HttpResponseBadRequest("The position must be a whole number.")
    return wagtail_set_position(request, page.pk)


@public
@csrf_exempt
@never_cache
def exit_this_page(request):
    """Exit this page ends the session: whoever picks up the device next is signed out.

    Sent by the button's script as a beacon (POST, no body) while the browser leaves for the
    neutral site. Without a CSRF token, since a cached public page has none: the worst a forged
    request could do is sign someone out, and only same-site requests are honoured (browsers say
    where a request comes from in Sec-Fetch-Site). Nothing unsent is saved: the form data stays in
    the page that is being left. Always 204, so it says nothing about who was signed in.
    """
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.headers.get("Sec-Fetch-Site", "same-origin") == "same-origin":
        logout(request)
    return HttpResponse(status=204)
