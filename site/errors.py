"""The error pages: each is styled, has Exit this page, a way back and the helpline.

400, 403, 404 and the CSRF failure are rendered with the request (base.html, the person's own
"Go to your page"). 500 and 503 are rendered without it (errors/static_page.html): no database,
no session, no context processor, so whatever failed cannot fail again on the error page.
405 and 410 come from Django and Wagtail as empty responses; ErrorPageMiddleware gives them
their page, and turns a database or broker outage in a view into the 503 page.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import get_template
from kombu.exceptions import OperationalError as BrokerError

from .helpline import fallback

logger = logging.getLogger("pace.errors")

# Empty responses from Django (require_http_methods) and Wagtail (a redirect to nowhere).
STYLED_EMPTY = {405: "405.html", 410: "410.html"}
RETRY_AFTER_SECONDS = 120


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def csrf_failure(request, reason=""):
    return render(request, "pace_site/csrf_failure.html", status=403)


def static_page(template: str, status: int) -> HttpResponse:
    """An error page that needs neither the database nor the request."""
    html = get_template(template).render(
        {
            "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
            "HELPLINE": fallback(),
            "EMERGENCY_PHONE": settings.EMERGENCY_PHONE,
        }
    )
    return HttpResponse(html, status=status)


OUTAGES = (OperationalError, InterfaceError, BrokerError)


def server_error(request):
    """Django's last resort. An outage met before any view (reading the session or the signed-in
    person with the database down) arrives here too: it gets the 503 page, not the 500."""
    if isinstance(sys.exc_info()[1], OUTAGES):
        logger.error("Service unavailable: %s", type(sys.exc_info()[1]).__name__)
        return service_unavailable()
    return static_page("500.html", 500)


def service_unavailable() -> HttpResponse:
    response = static_page("503.html", 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class ErrorPageMiddleware:
    """Styled pages for the empty 405 and 410 answers, and 503 when a view finds the database
    or the message broker down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        template = STYLED_EMPTY.get(response.status_code)
        if template and not response.streaming and not response.content:
            styled = render(request, template, status=response.status_code)
            if response.has_header("Allow"):
                styled["Allow"] = response["Allow"]
            return styled
        return response

    def process_exception(self, request, exception):
        # A lost connection, not a mistake in a query (that stays a 500, and is reported).
        if isinstance(exception, OUTAGES):
            logger.error("Service unavailable: %s", type(exception).__name__)
            return service_unavailable()
        return None
