import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError

from pace_site.accounts.roles import Role
from pace_site.inline_scripts import EXIT_NOTE, csp_hash
from pace_site.notifications.models import ContactRules, Notification
from pace_site.notifications.services import notify
from tests.factories import make_user
from tests.helpers import scripts_besides_our_own

ROOT = Path(__file__).resolve().parents[2]


def csp(response) -> dict[str, str]:
    return {
        d.split()[0]: d for d in (p.strip() for p in response["Content-Security-Policy"].split(";"))
    }


@pytest.mark.django_db
def test_public_page_has_the_strict_policy_and_security_headers(client):
    response = client.get("/accounts/login/")
    policy = csp(response)
    # Scripts from the site itself, and the one inline line of Exit this page by its hash.
    assert policy["script-src"] == f"script-src 'self' {csp_hash(EXIT_NOTE)}"
    assert policy["style-src"] == "style-src 'self'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_portal_page_has_the_strict_policy(signed_in_client):
    response = signed_in_client(make_user(Role.PARENT)).get("/my/")
    assert response.status_code == 200
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_only_the_admin_gets_the_relaxed_policy(signed_in_client):
    response = signed_in_client(make_user(Role.EDITOR)).get("/admin/")
    assert response.status_code == 200
    policy = csp(response)
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == "frame-ancestors 'self'"


@pytest.mark.django_db
def test_inbox_shows_only_my_messages_and_marks_them_read(signed_in_client):
    me, other = make_user(Role.PARENT), make_user(Role.PARENT)
    mine = notify(me, "test", subject="About Saturday", body="See you at ten.")
    theirs = notify(other, "test", subject="Someone else's", body="Private.")
    client = signed_in_client(me)
    response = client.get("/my/messages/")
    assert "About Saturday" in response.content.decode()
    assert "Someone else" not in response.content.decode()
    assert client.get(f"/my/messages/{theirs.pk}/").status_code == 404
    assert client.get(f"/my/messages/{mine.pk}/").status_code == 200
    assert Notification.objects.get(pk=mine.pk).read_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 60])
def test_inbox_query_count_does_not_grow(signed_in_client, django_assert_max_num_queries, count):
    me = make_user(Role.PARENT)
    for n in range(count):
        notify(me, "test", subject=f"Message {n}", body="Body")
    client = signed_in_client(me)
    # session, user, count, groups (nav), page of rows, session save (+ its savepoint pair)
    with django_assert_max_num_queries(9):  # + the header's menu pages
        assert client.get("/my/messages/").status_code == 200


@pytest.mark.django_db
def test_contact_rules_form_saves_and_rejects_bad_input(signed_in_client):
    me = make_user(Role.PARENT)
    client = signed_in_client(me)
    response = client.post(
        "/my/contact/", {"email_allowed": "on", "discreet_mode": "on", "quiet_hours_start": "21:00"}
    )
    assert response.status_code == 200
    assert "both a start and an end" in response.content.decode()
    assert not ContactRules.objects.filter(user=me).exists()
    response = client.post(
        "/my/contact/",
        {"email_allowed": "on", "quiet_hours_start": "25:99", "quiet_hours_end": "<script>"},
    )
    assert "Enter a time like" in response.content.decode()
    assert scripts_besides_our_own(response.content.decode()) == 0
    response = client.post(
        "/my/contact/",
        {
            "email_allowed": "on",
            "discreet_mode": "on",
            "quiet_hours_start": "21:00",
            "quiet_hours_end": "08:00",
        },
    )
    assert response.status_code == 302
    rules = ContactRules.objects.get(user=me)
    assert rules.discreet_mode and rules.describe_quiet_hours() == "21:00 to 08:00"


@pytest.mark.django_db  # the page shows the helpline and the menu, both kept in the database
def test_a_stale_form_gets_a_plain_message(client):
    client = client.__class__(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})
    assert response.status_code == 403
    assert "Please try again" in response.content.decode()


@pytest.mark.django_db
def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")


# Production settings ---------------------------------------------------------------------------

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "pace_site.settings.production",
    "SECRET_KEY": "x7#kP2qL9vR4sT8wY1zA5cE3gJ6mN0bD-fH8jK2lQ4oU7iW9eR1tY3uI5oP7aS9dF2gH",
    "DATABASE_URL": "postgres://pace:secret@127.0.0.1:5432/pace",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "participation.pace.example",
    "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
    "EMAIL_HOST": "smtp.pace.example",
}


def run_manage(env, *args):
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not reach a production process.
    dropped = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.processes
def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(PRODUCTION_ENV, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


@pytest.mark.processes
@pytest.mark.parametrize(
    "missing",
    [
        "SECRET_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "ALLOWED_HOSTS",
        "FIELD_ENCRYPTION_KEY",
        "EMAIL_HOST",
    ],
)
def test_a_missing_production_variable_stops_start_up_and_is_named(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage(env, "check")
    assert result.returncode != 0
    assert f"The environment variable {missing} is not set" in result.stderr


@pytest.mark.processes
def test_production_refuses_a_database_that_is_not_postgresql():
    result = run_manage({**PRODUCTION_ENV, "DATABASE_URL": "sqlite:////tmp/x.sqlite3"}, "check")
    assert result.returncode != 0 and "PostgreSQL" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 60])
def test_contact_rules_listing_query_count_is_fixed(
    signed_in_client, django_assert_max_num_queries, count
):
    manager = make_user(Role.PARTICIPATION_MANAGER)
    for _ in range(count):
        ContactRules.objects.create(user=make_user(Role.PARENT))
    client = signed_in_client(manager)
    client.get("/admin/contact_rules/")  # warm Wagtail's per-process caches
    # session, user, the admin's checks (permissions, groups, profile, menu), count, page of
    # rules with their users (select_related), the audit row's insert.
    with django_assert_max_num_queries(16):
        assert client.get("/admin/contact_rules/").status_code == 200
