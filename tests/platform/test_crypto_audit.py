import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from pace_site import crypto
from pace_site.accounts.roles import Role
from pace_site.audit.models import AuditEntry
from pace_site.audit.services import record
from pace_site.notifications.models import Notification
from pace_site.notifications.services import notify
from tests.factories import make_user

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Court hearing on 3 March; he was seen with the men from the flat"


def raw_body(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM notifications_notification WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_encrypted_text_is_not_stored_in_plaintext():
    notification = notify(make_user(Role.PARENT), "test", subject="s", body=SECRET_TEXT)
    raw = raw_body(notification.pk)
    assert SECRET_TEXT not in raw and "Court" not in raw
    assert Notification.objects.get(pk=notification.pk).body == SECRET_TEXT


def test_a_value_that_fails_to_decrypt_raises_instead_of_returning_ciphertext(settings):
    notification = notify(make_user(Role.PARENT), "test", subject="s", body=SECRET_TEXT)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]  # the old key is gone
    with pytest.raises(crypto.DecryptionError):
        Notification.objects.get(pk=notification.pk)


def test_rotating_keys_re_encrypts_every_row(settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    notification = notify(make_user(Role.PARENT), "test", subject="s", body=SECRET_TEXT)
    before = raw_body(notification.pk)

    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_encryption_keys", stdout=io.StringIO())
    after = raw_body(notification.pk)
    assert after != before

    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key can now be dropped
    assert Notification.objects.get(pk=notification.pk).body == SECRET_TEXT


def test_a_malformed_key_is_a_clear_configuration_error(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.FIELD_ENCRYPTION_KEYS = ["not-a-key"]
    with pytest.raises(ImproperlyConfigured, match="Fernet keys"):
        crypto.encrypt("x")


def test_audit_rows_record_who_did_what_without_the_text():
    manager = make_user(Role.PARTICIPATION_MANAGER)
    notification = notify(make_user(Role.PARENT), "test", subject="s", body=SECRET_TEXT)
    record("participation.check_in.viewed", notification, by=manager)
    entry = AuditEntry.objects.for_object(notification).get()
    assert entry.user == manager and entry.action == "participation.check_in.viewed"
    assert SECRET_TEXT not in str(entry.data) and SECRET_TEXT not in entry.object_repr


def test_the_audit_trail_is_for_administrators_only_and_read_only(signed_in_client):
    admin, editor = make_user(Role.ADMINISTRATOR), make_user(Role.EDITOR)
    record("participation.check_in.viewed", admin, by=admin)
    assert signed_in_client(editor).get("/admin/audit/").status_code == 302  # Wagtail refuses
    client = signed_in_client(admin)
    assert client.get("/admin/audit/").status_code == 200
    assert client.get("/admin/audit/new/").status_code in {302, 403}


@pytest.mark.parametrize("count", [3, 60])
def test_audit_trail_listing_query_count_is_fixed(
    signed_in_client, django_assert_max_num_queries, count
):
    admin = make_user(Role.ADMINISTRATOR)
    people = [make_user(Role.PARENT) for _ in range(3)]
    for n in range(count):
        record("participation.check_in.viewed", people[(n + 1) % 3], by=people[n % 3])
    client = signed_in_client(admin)
    client.get("/admin/audit/")  # warm Wagtail's per-process caches
    # session, user, the admin's checks (permissions, groups, profile, menu), the filter's
    # content types, count, page of rows with their users.
    with django_assert_max_num_queries(17):
        assert client.get("/admin/audit/").status_code == 200
