"""No token reaches a log line: the request log (4xx warnings) and the development server's log
are captured from their real handlers while real requests are made."""

import http.client
import io
import logging
import threading
from contextlib import contextmanager

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer

from pace_site.accounts import services as account_services
from pace_site.accounts.roles import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db(transaction=True)

SECRETS = [
    "/calendar/guessed-secret-token.ics",
    "/accounts/password/reset/key/1a-secretresetkey/",
    "/accounts/confirm-email/secretconfirmkey/",
]


@contextmanager
def captured_log_output():
    """Point every handler of the configured loggers at one buffer, as a log file would be."""
    buffer = io.StringIO()
    handlers = set()
    for name in ("", "django", "django.request", "django.server", "pace"):
        handlers.update(
            h for h in logging.getLogger(name).handlers if type(h) is logging.StreamHandler
        )
    old = {handler: handler.setStream(buffer) for handler in handlers}
    try:
        yield buffer
    finally:
        for handler, stream in old.items():
            handler.setStream(stream)


def used_invitation_path(client) -> str:
    staff = make_user(Role.ADMINISTRATOR)
    invitation = account_services.invite(
        email="someone.private@example.org", role=Role.PARENT, display_name="Sam", by=staff
    )
    token = account_services.invitation_token(invitation)
    account_services.accept_invitation(token, password="Kettle-on-the-hob-7", display_name="Sam")
    return f"/join/invitation/{token}/"


def test_request_log_never_prints_a_token(client):
    invitation = used_invitation_path(client)
    with captured_log_output() as out:
        assert client.get(invitation).status_code == 410
        assert client.get(SECRETS[0]).status_code == 404
        for path in SECRETS[1:]:
            client.get(path)
    text = out.getvalue()
    assert "Gone: /join/invitation/[redacted]" in text
    for secret in ["guessed-secret-token", "secretresetkey", "secretconfirmkey", "someone"]:
        assert secret not in text
    assert invitation.split("/")[-2] not in text


def test_development_server_log_never_prints_a_token(client):
    invitation = used_invitation_path(client)
    server = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    try:
        with captured_log_output() as out:
            for path in [invitation, *SECRETS]:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("GET", path)
                connection.getresponse().read()
                connection.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
    text = out.getvalue()
    assert '"GET /calendar/[redacted].ics HTTP/1.1" 404' in text
    assert '"GET /join/invitation/[redacted]/ HTTP/1.1" 410' in text
    for secret in ["guessed-secret-token", "secretresetkey", "secretconfirmkey", "someone"]:
        assert secret not in text
    assert invitation.split("/")[-2] not in text
