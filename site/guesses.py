"""Wrong guesses at a page or document password are limited, per restriction and visitor."""

from functools import wraps

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from django.shortcuts import render

# ACCOUNT_RATE_LIMITS holds the rate for this action ("10/15m/key": ten wrong guesses a quarter
# of an hour for one restriction from one address).
ACTION = "restricted_content_password"


def limit_password_guesses(view):
    """Wrap Wagtail's password form view: after too many wrong passwords, a calm 429 page.

    Wagtail answers a right password with a redirect and a wrong one with the form again (200),
    so only the latter counts as a guess.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        restriction = "/".join(str(value) for value in (*args, *kwargs.values()))
        key = f"{restriction}:{get_adapter().get_client_ip(request)}"
        if not ratelimit.consume(request, action=ACTION, key=key, dry_run=True):
            return render(request, "429.html", status=429)
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            ratelimit.consume(request, action=ACTION, key=key)
        return response

    return wrapped
