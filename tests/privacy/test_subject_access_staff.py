"""Subject access requests in the staff workspace: due dates in calendar months, one extension,
identity checked and copy reviewed before release (by an Administrator only), withheld notes
with their reason, the released copy on the person's own page, the dashboard panel."""

import json
from datetime import date, timedelta
from uuid import uuid4

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pace_site.accounts.roles import Role
from pace_site.audit.models import AuditEntry
from pace_site.notifications.models import Notification
from pace_site.privacy.access.services import (
    AccessRequestError,
    extend_access_request,
    open_access_request,
    record_identity_check,
    release_access_request,
    review_access_request,
)
from pace_site.privacy.models.access import (
    AccessRequestStatus,
    SubjectAccessRequest,
    due_date,
)
from pace_site.privacy.workspace.access import dashboard_context
from tests.factories import ParentFactory, make_user
from tests.helpers import sign_in

from .test_subject_access import SAFEGUARDING_DETAIL, STAFF_NOTE, populated_parent

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return make_user(Role.ADMINISTRATOR, display_name="Ada")


@pytest.fixture
def manager():
    return make_user(Role.PARTICIPATION_MANAGER, display_name="Priya")


def client_for(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def form(**data) -> dict:
    return {"submission_key": str(uuid4()), **data}


def url(name, access_request=None, *args) -> str:
    pk = [access_request.pk] if access_request is not None else []
    return reverse(f"privacy_access_requests:{name}", args=[*pk, *args])


def opened(person, *, by, received_on=None) -> SubjectAccessRequest:
    return open_access_request(
        person, received_on=received_on or timezone.localdate(), received_how="email", by=by
    )


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


# -- due dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 1, 31), date(2026, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),  # a leap year
        (date(2026, 3, 15), date(2026, 4, 15)),
        (date(2026, 12, 31), date(2027, 1, 31)),
    ],
)
def test_a_request_is_due_one_calendar_month_after_it_was_received(received, due):
    assert due_date(received) == due


def test_an_extension_adds_calendar_months_from_the_day_received(admin):
    person = ParentFactory().user
    received = timezone.localdate() - timedelta(days=3)
    access_request = opened(person, by=admin, received_on=received)
    assert access_request.due_on == due_date(received)
    extend_access_request(access_request, months=2, reason="Many records", by=admin)
    access_request.refresh_from_db()
    assert access_request.due_on == due_date(received, extra_months=2)
    assert access_request.status == AccessRequestStatus.EXTENDED
    assert access_request.extension_reason == "Many records"
    assert due_date(date(2026, 1, 31), extra_months=2) == date(2026, 4, 30)


# -- refusals ----------------------------------------------------------------------------------


def test_refusals_are_plain_and_change_nothing(admin):
    person = ParentFactory().user
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(AccessRequestError, match="future"):
        opened(person, by=admin, received_on=tomorrow)
    with pytest.raises(AccessRequestError, match="more than a year ago"):
        opened(person, by=admin, received_on=date(1999, 1, 1))
    assert not SubjectAccessRequest.objects.exists()
    access_request = opened(person, by=admin)
    with pytest.raises(AccessRequestError, match="already an open request"):
        opened(person, by=admin)
    with pytest.raises(AccessRequestError, match="one or two months"):
        extend_access_request(access_request, months=3, reason="Long", by=admin)
    extend_access_request(access_request, months=1, reason="Long", by=admin)
    with pytest.raises(AccessRequestError, match="already been extended"):
        extend_access_request(access_request, months=1, reason="Longer", by=admin)
    review_access_request(access_request, withheld={}, by=admin)
    with pytest.raises(AccessRequestError, match="Check who they are"):
        release_access_request(access_request, how="portal", by=admin)
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.IN_REVIEW
    assert access_request.extension_months == 1


def test_the_database_refuses_a_release_without_an_identity_check(admin):
    access_request = opened(ParentFactory().user, by=admin)
    with pytest.raises(IntegrityError), transaction.atomic():
        SubjectAccessRequest.objects.filter(pk=access_request.pk).update(
            status=AccessRequestStatus.RELEASED,
            released_at=timezone.now(),
            reviewed_at=timezone.now(),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        SubjectAccessRequest.objects.filter(pk=access_request.pk).update(
            due_on=access_request.received_on
        )


# -- the staff screens -------------------------------------------------------------------------


def test_a_manager_opens_a_request_from_the_workspace_and_a_double_submit_acts_once(manager):
    person = ParentFactory().user
    client = client_for(manager)
    assert client.get(url("open")).status_code == 200
    data = form(
        person=person.pk, received_on=timezone.localdate().isoformat(), received_how="phone"
    )
    first = client.post(url("open"), data)
    again = client.post(url("open"), data)
    access_request = SubjectAccessRequest.objects.get()
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == url("inspect", access_request)
    assert access_request.opened_by == manager
    assert AuditEntry.objects.filter(action="privacy.access_request.opened").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"received_how": "phone"}, "Enter the date, for example 27 3 2026."),
        ({"person": "abc", "received_on": "2026-01-01", "received_how": "phone"}, "valid choice"),
        ({"received_on": "not a date", "received_how": "phone"}, "Enter a real date"),
        ({"received_on": "FUTURE", "received_how": "phone"}, "in the future"),
        ({"received_on": "TODAY", "received_how": "<b>fax</b>"}, "valid choice"),
    ],
)
def test_bad_input_when_opening_a_request_is_said_and_changes_nothing(manager, data, message):
    person = ParentFactory().user
    values = {"person": person.pk, **data}
    for key, value in values.items():
        if value == "FUTURE":
            values[key] = (timezone.localdate() + timedelta(days=2)).isoformat()
        elif value == "TODAY":
            values[key] = timezone.localdate().isoformat()
    response = client_for(manager).post(url("open"), form(**values))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SubjectAccessRequest.objects.exists()


def test_a_request_received_long_ago_is_refused_with_a_message(manager):
    person = ParentFactory().user
    response = client_for(manager).post(
        url("open"), form(person=person.pk, received_on="1990-01-01", received_how="letter")
    )
    assert response.status_code == 400
    assert "more than a year ago" in response.content.decode()
    assert not SubjectAccessRequest.objects.exists()


def test_extension_over_two_months_or_with_markup_is_refused(manager):
    access_request = opened(ParentFactory().user, by=manager)
    client = client_for(manager)
    for data in (
        {"months": "3", "reason": "Complex"},
        {"months": "1", "reason": "<script>x</script>"},
        {"months": "1", "reason": "x" * 1001},
        {"months": "1", "reason": ""},
    ):
        assert client.post(url("extend", access_request), form(**data)).status_code == 400
    access_request.refresh_from_db()
    assert access_request.extension_months == 0
    assert client.post(url("extend", access_request), form(months="2", reason="Complex"))
    access_request.refresh_from_db()
    assert access_request.extension_months == 2
    # A second extension: said on the form, nothing changes.
    second = client.post(url("extend", access_request), form(months="1", reason="More"))
    assert second.status_code == 400
    assert "already been extended" in second.content.decode()


def test_only_an_administrator_reviews_and_releases(manager):
    parent, _befriender = populated_parent()
    access_request = opened(parent.user, by=manager)
    client = client_for(manager)
    # Wagtail's admin answers a refusal with a redirect to its dashboard.
    for target in (
        url("review", access_request),
        url("release", access_request),
        url("download_copy", access_request, "json"),
    ):
        response = client.get(target)
        assert (response.status_code, response["Location"]) == (302, "/admin/")
        response = client.post(target, form(how="portal"))
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    access_request.refresh_from_db()
    assert access_request.reviewed_at is None and access_request.status == "open"
    page = client.get(url("inspect", access_request)).content.decode()
    assert url("review", access_request) not in page
    assert STAFF_NOTE not in page


def test_review_withholds_a_note_with_its_reason_and_the_person_gets_the_rest(admin, manager):
    parent, _befriender = populated_parent()
    person = parent.user
    access_request = opened(person, by=manager)
    staff = client_for(admin)
    # Release before the identity check: refused on the record's page.
    refused = staff.post(url("release", access_request), form(how="portal"), follow=True)
    assert "Check who they are" in messages_of(refused)
    staff.post(url("identity", access_request), form(how="called_back"))
    review = staff.get(url("review", access_request))
    assert review.status_code == 200
    body = review.content.decode()
    assert STAFF_NOTE in body and SAFEGUARDING_DETAIL in body
    items = review.context["form"].items
    concern = next(i for _h, i, _t, _r in items if i.value == SAFEGUARDING_DETAIL)
    # Withholding without a reason: said, nothing kept.
    missing = staff.post(url("review", access_request), form(**{f"withhold:{concern.key}": "on"}))
    assert missing.status_code == 400
    assert "Give the reason" in missing.content.decode()
    staff.post(
        url("review", access_request),
        form(**{f"withhold:{concern.key}": "on", f"reason:{concern.key}": "Serious harm"}),
    )
    access_request.refresh_from_db()
    assert access_request.withheld_reasons() == {concern.key: "Serious harm"}
    record_page = staff.get(url("inspect", access_request)).content.decode()
    assert f"Safeguarding concerns: {concern.label}: Serious harm" in record_page
    staff.post(url("release", access_request), form(how="portal"))
    access_request.refresh_from_db()
    assert access_request.status == AccessRequestStatus.RELEASED
    assert access_request.released_by == admin
    # They are told their copy is ready (a plain message; the copy is read after signing in).
    ready = Notification.objects.get(recipient=person, kind="privacy/copy_released")
    assert ready.subject == "Your copy is ready"
    assert STAFF_NOTE not in ready.body
    # The person reads the released copy: staff notes in, the withheld one out.
    own = client_for(person)
    copy_page = own.get(reverse("privacy:released_copy", args=[access_request.pk]))
    assert copy_page.status_code == 200
    assert STAFF_NOTE in copy_page.content.decode()
    assert SAFEGUARDING_DETAIL not in copy_page.content.decode()
    data = own.get(reverse("privacy:released_copy_download", args=[access_request.pk, "json"]))
    assert SAFEGUARDING_DETAIL not in data.content.decode()
    assert STAFF_NOTE in json.dumps(json.loads(data.content), ensure_ascii=False)
    pdf = own.get(reverse("privacy:released_copy_download", args=[access_request.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    assert (
        reverse("privacy:released_copy", args=[access_request.pk])
        in own.get(reverse("privacy:my_data")).content.decode()
    )
    staff_copy = staff.get(url("download_copy", access_request, "pdf"))
    assert staff_copy.content.startswith(b"%PDF")
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "privacy.access_request.opened",
        "privacy.access_request.identity_checked",
        "privacy.access_request.review_opened",
        "privacy.access_request.reviewed",
        "privacy.access_request.released",
        "privacy.access_request.copy_downloaded",
    } <= actions
    downloads = AuditEntry.objects.filter(action="privacy.access_request.copy_downloaded")
    assert sorted(d.data["format"] for d in downloads) == ["json", "page", "pdf", "pdf"]


def test_another_persons_released_copy_is_not_found(admin):
    parent, _befriender = populated_parent()
    other = ParentFactory().user
    access_request = opened(parent.user, by=admin)
    record_identity_check(access_request, how="documents", by=admin)
    review_access_request(access_request, withheld={}, by=admin)
    release_access_request(access_request, how="portal", by=admin)
    own = reverse("privacy:released_copy", args=[access_request.pk])
    assert client_for(parent.user).get(own).status_code == 200
    client = client_for(other)
    assert client.get(reverse("privacy:released_copy", args=[access_request.pk])).status_code == 404
    # A copy cleared (as erasure does) is gone for its owner too, never a broken page.
    SubjectAccessRequest.objects.filter(pk=access_request.pk).update(copy="")
    assert client_for(parent.user).get(own).status_code == 404
    assert (
        client.get(
            reverse("privacy:released_copy_download", args=[access_request.pk, "json"])
        ).status_code
        == 404
    )


def test_only_staff_notes_in_the_copy_can_be_withheld(admin):
    parent, _befriender = populated_parent()
    access_request = opened(parent.user, by=admin)
    with pytest.raises(AccessRequestError, match="Only notes written by staff"):
        review_access_request(access_request, withheld={"accounts.user:1:email": "No"}, by=admin)


# -- the listing and the dashboard -------------------------------------------------------------


def many_requests(count: int, *, by) -> None:
    today = timezone.localdate()
    for number in range(count):
        opened(ParentFactory().user, by=by, received_on=today - timedelta(days=20 + number % 20))


@pytest.mark.parametrize("count", [2, 30])
def test_the_dashboard_panel_and_listing_run_a_fixed_number_of_queries(count, admin):
    many_requests(count, by=admin)
    with CaptureQueriesContext(connection) as queries:
        context = dashboard_context()
    # The requests due within a week or overdue, each with the count of them all.
    assert len(queries) == 1
    assert context["due_count"] == sum(
        1
        for r in SubjectAccessRequest.objects.all()
        if r.due_on <= timezone.localdate() + timedelta(days=7)
    )
    client = client_for(admin)
    client.get(url("index"))  # warm Wagtail's per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("index")).status_code == 200
    # Session, user, roles, permissions and Wagtail's menus; the count and the page of
    # requests with their people; the audit row; whatever the number of requests.
    assert len(queries) <= 17
    home = client.get("/admin/").content.decode()
    assert "Requests for a copy" in home
    # The overdue ones are said so (the listing runs due soonest first).
    overdue = opened(
        ParentFactory().user, by=admin, received_on=timezone.localdate() - timedelta(days=40)
    )
    listing = client.get(url("index")).content.decode()
    assert f"{overdue.due_on:%-d %B %Y} (overdue)" in listing


def test_the_panel_is_only_for_those_who_handle_requests(manager):
    editor = make_user(Role.EDITOR)
    assert "Requests for a copy" in client_for(manager).get("/admin/").content.decode()
    assert "Requests for a copy" not in client_for(editor).get("/admin/").content.decode()


def test_the_demo_has_a_request_due_this_week_and_seeding_twice_adds_nothing(settings):
    import io

    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    due = dashboard_context()
    assert due["due_count"] == 1
    assert due["due"][0].person.email == "befriender@demo.pace.example"
