"""The audit trail speaks a fixed vocabulary: registered action codes with plain labels and a
small dict of ids and choices, never free text or names."""

import ast
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from pace_site.accounts.roles import Role
from pace_site.audit import registry
from pace_site.audit.models import AuditEntry
from pace_site.audit.services import UnsafeAuditData, record
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ["participation", "befriending", "events", "home", "search", "site"]
# The helpers that pass on a code given to them (a listing's `audit_code` is checked below).
PASS_THE_CODE_ON = {
    "site/audit/services.py",
    "site/workspace/listings.py",
    "site/workspace/views.py",
}


def _python_files():
    for folder in SOURCE_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def _code_arguments(node):
    """The action-code argument of a `record(...)` or `record_view(request, ...)` call."""
    name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
    if name == "record" and node.args:
        return node.args[0]
    if name == "record_view" and len(node.args) >= 2:
        return node.args[1]
    return None


def _literals(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return None  # anything else (an f-string, a variable) cannot be checked, so is refused


def test_every_audit_call_in_the_code_uses_a_registered_code():
    used, unchecked = set(), []
    for path in _python_files():
        source = path.read_text()
        if "audit" not in source:
            continue
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Assign) and any(
                getattr(target, "id", None) in {"audit_code", "list_audit_code"}
                for target in node.targets
            ):
                used.update(c for c in (_literals(node.value) or []) if c)
            if not isinstance(node, ast.Call):
                continue
            argument = _code_arguments(node)
            if argument is None:
                continue
            codes = _literals(argument)
            if codes is None:
                if str(path.relative_to(ROOT)) not in PASS_THE_CODE_ON:
                    unchecked.append(f"{path.relative_to(ROOT)}:{node.lineno}")
                continue
            used.update(codes)
    assert not unchecked, f"audit codes must be written out as literals: {unchecked}"
    assert len(used) > 40  # the scan found the call sites
    unknown = sorted(code for code in used if not registry.is_registered(code))
    assert not unknown, f"unregistered audit codes: {unknown}"


def test_every_registered_code_is_namespaced_and_has_a_label():
    codes = registry.all_codes()
    for area in ["participation", "befriending", "events", "pages", "accounts", "audit"]:
        assert any(code.startswith(area + ".") for code in codes), area
    for code, label in codes.items():
        assert registry.CODE_PATTERN.match(code) and label.strip() and label[0].isupper()


@pytest.mark.django_db
def test_record_refuses_an_unregistered_code():
    admin = make_user(Role.ADMINISTRATOR)
    with pytest.raises(registry.UnknownActionCode):
        record("participation.parent.whatever", admin, by=admin)
    with pytest.raises(registry.UnknownActionCode):
        record("viewed", admin, by=admin)  # the old generic actions are gone
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"notes": "She said he came home late"},
        {"reason": "family crisis"},
        {"name": "Amira"},
        {"outcome": "x" * 65},
        {"outcome": "two\nlines"},
        {"when": object()},
        "not a dict",
    ],
)
def test_record_refuses_free_text_and_names_in_data(data):
    admin = make_user(Role.ADMINISTRATOR)
    with pytest.raises(UnsafeAuditData):
        record("participation.check_in.viewed", admin, by=admin, data=data)
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_an_entry_names_the_record_by_kind_and_id_never_by_a_persons_name():
    from tests.factories import ParentFactory

    parent = ParentFactory(preferred_name="Amira")
    manager = make_user(Role.PARTICIPATION_MANAGER)
    entry = record("participation.parent.left", parent, by=manager, data={"on": None})
    entry.refresh_from_db()
    assert entry.object_repr == f"parent {parent.pk}"
    assert entry.label == "Parent left the programme"
    assert entry.data == {"on": None}


@pytest.mark.django_db
def test_the_audit_trail_shows_labels_and_filters_by_area_and_action(signed_in_client):
    admin = make_user(Role.ADMINISTRATOR)
    record("participation.parent.paused", admin, by=admin, data={"started_by": "parent"})
    record("befriending.concern.raised", admin, by=admin, data={"urgency": "soon"})
    client = signed_in_client(admin)

    def rows(query=""):
        page = client.get("/admin/audit/" + query).content.decode()
        listing = page.split('<table class="listing', 1)[1]
        return listing.split("<tbody", 1)[1].split("</tbody>", 1)[0]

    assert "Parent paused" in rows() and "Concern raised" in rows()
    assert "Concern raised" in rows("?app=befriending")
    assert "Parent paused" not in rows("?app=befriending")
    assert "Parent paused" in rows("?action=participation.parent.paused")
    assert "Concern raised" not in rows("?action=participation.parent.paused")

    entry = AuditEntry.objects.get(action="participation.parent.paused")
    page = client.get(f"/admin/audit/inspect/{entry.pk}/").content.decode()
    assert "Parent paused" in page and "started by: parent" in page
    # Its title in words and the staff screens' way of writing a moment, never the code.
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    when = timezone.localtime(entry.at).strftime("%-d %b %Y, %H:%M")
    assert f"Parent paused: {entry.object_repr}, {when}" in title
    assert "participation.parent.paused" not in title


@pytest.mark.django_db(transaction=True)
def test_older_entries_are_mapped_to_codes_and_lose_the_names_they_carried():
    executor = MigrationExecutor(connection)
    executor.migrate([("audit", "0001_initial")])
    old_apps = executor.loader.project_state([("audit", "0001_initial")]).apps
    OldEntry = old_apps.get_model("audit", "AuditEntry")
    ContentType = old_apps.get_model("contenttypes", "ContentType")
    check_in_type = ContentType.objects.get(app_label="participation", model="checkin")
    event_type = ContentType.objects.get(app_label="events", model="event")
    parent_type = ContentType.objects.get(app_label="participation", model="parent")
    rows = {
        "viewed": OldEntry.objects.create(
            action="viewed",
            content_type=check_in_type,
            object_id="7",
            object_repr="Check-in with Amira on 3 Mar 2026",
            summary="check-in viewed",
        ),
        "cancelled": OldEntry.objects.create(
            action="changed",
            content_type=event_type,
            object_id="3",
            object_repr="Network day",
            summary="event cancelled",
        ),
        "export": OldEntry.objects.create(
            action="exported",
            content_type=parent_type,
            object_id="list",
            object_repr="parents list",
            summary="exported as csv",
        ),
        "unknown": OldEntry.objects.create(
            action="deleted",
            content_type=parent_type,
            object_id="9",
            object_repr="Amira",
            summary="",
        ),
    }

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("audit"))

    def entry(key):
        return AuditEntry.objects.get(pk=rows[key].pk)

    assert entry("viewed").action == "participation.check_in.viewed"
    assert entry("viewed").object_repr == "check-in 7"
    assert entry("viewed").summary == "check-in viewed"
    assert entry("cancelled").action == "events.event.cancelled"
    assert entry("export").action == "audit.listing.exported"
    assert entry("export").object_id == ""
    assert entry("unknown").action == "audit.legacy.deleted"
    assert entry("unknown").label == "Deleted (older entry)"
    assert "Amira" not in " ".join(AuditEntry.objects.values_list("object_repr", flat=True))
