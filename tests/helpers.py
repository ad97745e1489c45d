"""Test helpers: signing in as each role, TOTP codes, waiting for work done by another process."""

import threading
import time
from uuid import uuid4

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.http import HttpRequest
from django.utils.module_loading import import_string

from pace_site import crypto


def give_totp(user) -> str:
    """Activate TOTP for the user; returns the secret so tests can make codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_secret(user) -> str:
    auth = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return crypto.decrypt(auth.data["secret"])


def totp_code(secret: str, offset: int = 0) -> str:
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(secret, counter))


def sign_in(client, user, *, mfa: bool | None = None) -> None:
    """Sign in as the real flow would leave the session: password, and MFA for staff."""
    engine = import_string(settings.SESSION_ENGINE)
    session = engine.SessionStore()
    request = HttpRequest()
    request.session = session
    request.user = user
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    record_authentication(request, user, "password", email=user.email)
    if mfa if mfa is not None else user.is_staff_member:
        if not Authenticator.objects.filter(user=user).exists():
            give_totp(user)
        record_authentication(request, user, "mfa", type="totp")
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key


def wait_until(predicate, *, timeout: float = 30.0, interval: float = 0.1, what: str = "condition"):
    """Wait for a condition that another process brings about (a worker sends a message, a
    server starts): check it every `interval` seconds until it holds, or fail after `timeout`.
    The test asserts the outcome, never how long it took."""
    pause = threading.Event()
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout}s waiting for {what}")
        pause.wait(interval)


class KeyedClient:
    """Mixin for a test client whose every POST is a fresh form, as a browser's would be: it
    carries a new `submission_key` (pace_site.submissions) unless the test gives one. Tests of
    a repeated or an expired form pass their own key (or an empty one)."""

    def post(self, path, data=None, *args, **kwargs):
        from uuid import uuid4

        if data is None:
            data = {}
        if isinstance(data, dict) and "submission_key" not in data:
            data = {**data, "submission_key": str(uuid4())}
        return super().post(path, data, *args, **kwargs)


# -- a form sent twice at once ---------------------------------------------------------------


def said(response) -> list[str]:
    """The messages this one response added (the session holds the others)."""
    messages = getattr(response.wsgi_request, "_messages", None)
    return [str(m) for m in getattr(messages, "_queued_messages", [])]


def answer(response) -> tuple:
    return response.status_code, response.get("Location"), said(response)


def keyed_form(**data) -> dict:
    """Form data with a fresh one-time key, as a page would send it."""
    return {"submission_key": str(uuid4()), **data}


def twice_at_once_then_again(user, url, data) -> list[tuple]:
    """Post `data` from two tabs of one browser at the same moment (each thread with its own
    database connection, opened before the barrier), then once more after both: the three
    answers (status, where to, messages). `user` None is an anonymous visitor."""
    from django.db import connection
    from django.test import Client

    assert connection.vendor == "postgresql"
    first = Client()
    if user is not None:
        sign_in(first, user)
    barrier = threading.Barrier(2)
    answers, errors = [], []

    def post():
        from django.db import connection as thread_connection

        client = Client()
        client.cookies = first.cookies
        try:
            thread_connection.ensure_connection()
            barrier.wait(timeout=30)
            answers.append(answer(client.post(url, data)))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    answers.append(answer(first.post(url, data)))  # the browser sends it again
    return answers


def scripts_besides_our_own(html: str) -> int:
    """How many script tags a page has other than the Exit this page note's own line (every
    page has that one): a form that echoed a typed `<script>` back would make this above 0."""
    from pace_site.inline_scripts import EXIT_NOTE

    return html.replace(f"<script>{EXIT_NOTE}</script>", "").count("<script>")
