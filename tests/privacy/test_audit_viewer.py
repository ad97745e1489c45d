"""The audit viewer: for one person, every view and change of their records and everything they
did, newest first, exportable; looking and exporting are audited; Administrators only."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from pace_site.accounts.roles import Role
from pace_site.audit.models import AuditEntry
from pace_site.audit.services import record
from participation.models import CheckIn
from tests.factories import ParentFactory, make_user
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

URL = reverse("privacy_audit_viewer:index")


@pytest.fixture
def admin():
    return make_user(Role.ADMINISTRATOR, display_name="Ade")


@pytest.fixture
def admin_client(client, admin):
    sign_in(client, admin)
    return client


def history_of(parent, manager, *, check_ins=1):
    """Entries about the parent's own record, their check-ins and their account, and one
    the parent made; returns the entries, oldest first."""
    entries = [record("participation.parent.timeline_viewed", parent, by=manager)]
    for _ in range(check_ins):
        check_in = CheckIn.objects.create(parent=parent, channel="phone", wellbeing=3)
        entries.append(record("participation.check_in.viewed", check_in, by=manager))
    entries.append(record("audit.legacy.viewed", parent.user, by=manager))
    entries.append(record("audit.legacy.changed", None, by=parent.user))
    for n, entry in enumerate(entries):  # distinct times, oldest first
        AuditEntry.objects.filter(pk=entry.pk).update(
            at=timezone.now() - timedelta(minutes=len(entries) - n)
        )
    return entries


def test_the_history_of_one_person_newest_first(admin_client, admin):
    manager = make_user(Role.PARTICIPATION_MANAGER, display_name="Morwenna")
    parent, other = ParentFactory(), ParentFactory()
    mine = history_of(parent, manager)
    history_of(other, manager)

    response = admin_client.get(URL, {"person": parent.user.pk})

    assert response.status_code == 200
    shown = [row.pk for row in response.context["object_list"]]
    assert shown == [entry.pk for entry in reversed(mine)]
    page = response.content.decode()
    assert "Morwenna" in page and "timeline viewed" in page
    # Looking is recorded about the person, and shows on the next look.
    viewed = AuditEntry.objects.get(action="privacy.audit_viewer.viewed")
    assert (viewed.user, viewed.object_id, viewed.data) == (admin, str(parent.user.pk), {"page": 1})
    again = admin_client.get(URL, {"person": parent.user.pk})
    assert again.context["object_list"][0] == viewed


def test_without_a_person_nothing_is_shown(admin_client):
    history_of(ParentFactory(), make_user(Role.PARTICIPATION_MANAGER))
    response = admin_client.get(URL)
    assert list(response.context["object_list"]) == []
    assert "Choose a person to see who looked at or changed their records" in (
        response.content.decode()
    )
    assert not AuditEntry.objects.filter(action="privacy.audit_viewer.viewed").exists()
    # An id nobody has, or not a number: still nothing, and no error.
    for bad in ("999999", "abc", "1" * 40):
        response = admin_client.get(URL, {"person": bad})
        assert response.status_code == 200
        assert list(response.context["object_list"]) == []


def test_the_export_is_csv_safe_and_audited(admin_client, admin):
    manager = make_user(Role.PARTICIPATION_MANAGER, display_name="=HYPERLINK(1)")
    parent = ParentFactory()
    history_of(parent, manager)

    response = admin_client.get(URL, {"person": parent.user.pk, "export": "csv"})

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 1 + 4
    assert all(not cell.startswith("=") for row in rows for cell in row)
    exported = AuditEntry.objects.get(action="privacy.audit_viewer.exported")
    assert (exported.user, exported.object_id) == (admin, str(parent.user.pk))
    assert AuditEntry.objects.filter(action="audit.listing.exported").exists()


def test_only_administrators_see_it(client):
    parent = ParentFactory()
    for role in (Role.PARTICIPATION_MANAGER, Role.BEFRIENDING_COORDINATOR, Role.EDITOR):
        sign_in(client, make_user(role))
        response = client.get(URL, {"person": parent.user.pk})
        assert response.status_code in (302, 403)
    assert not AuditEntry.objects.filter(action="privacy.audit_viewer.viewed").exists()


@pytest.mark.parametrize("check_ins", [1, 30])
def test_queries_do_not_grow(admin_client, check_ins, django_assert_max_num_queries):
    parent = ParentFactory()
    history_of(parent, make_user(Role.PARTICIPATION_MANAGER), check_ins=check_ins)
    admin_client.get(URL, {"person": parent.user.pk})  # sessions and content types cached
    # Session, user, its second step, permissions, the person chosen (filter and its choices),
    # the page of entries with who made them, their count, the audit row, Wagtail's menu.
    with django_assert_max_num_queries(19):
        response = admin_client.get(URL, {"person": parent.user.pk})
    # Its rows, and the first look recorded.
    assert len(response.context["object_list"]) == min(check_ins + 3 + 1, 20)
