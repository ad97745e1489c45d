"""The erasure and correction pages: the portal's asking and the staff's handling, with bad
input refused (changing nothing) and query counts pinned."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pace_site.accounts.roles import Role
from pace_site.privacy import registry
from pace_site.privacy.erasure import services
from pace_site.privacy.models import CorrectionRequest, ErasureRequest
from pace_site.privacy.models.erasure import CorrectionStatus, ErasureStatus
from participation.models import Consent, ConsentPurpose, Parent
from tests.factories import ParentFactory, make_user
from tests.helpers import keyed_form, said, sign_in

pytestmark = pytest.mark.django_db

ERASURE = reverse("privacy:erasure")
CORRECTION = reverse("privacy:correction")


@pytest.fixture
def parent():
    parent = ParentFactory(preferred_name="Hollis Wrenfield")
    Consent.objects.create(parent=parent, purpose=ConsentPurpose.PHOTOS, detail="Photos")
    return parent


@pytest.fixture
def staff():
    return {
        "manager": make_user(Role.PARTICIPATION_MANAGER, display_name="Manager"),
        "admin": make_user(Role.ADMINISTRATOR, display_name="Admin"),
        "admin2": make_user(Role.ADMINISTRATOR, display_name="Second"),
    }


def client_for(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


# -- the portal -----------------------------------------------------------------------------


def test_the_page_says_what_goes_and_what_pace_must_keep(parent):
    page = client_for(parent.user).get(ERASURE)
    text = page.content.decode()
    assert page.status_code == 200
    assert "You in the core group" in text  # anonymised
    assert "What we must keep" in text and "Your permissions" in text
    assert "only used your information as you allowed" in text  # the reason, from the registry
    assert "Article" not in text  # in plain words, not the legal ones


def test_a_parent_asks_once_and_a_double_click_makes_one_request(parent):
    client = client_for(parent.user)
    data = keyed_form(understood="on")
    first = client.post(ERASURE, data)
    second = client.post(ERASURE, data)
    assert first.status_code == second.status_code == 302
    request = ErasureRequest.objects.get()
    assert request.person == parent.user and request.how == "portal"
    assert request.status == ErasureStatus.REQUESTED
    # Asking again while it is open is refused, calmly.
    again = client.post(ERASURE, keyed_form(understood="on"))
    assert "already a request" in " ".join(said(again))
    assert ErasureRequest.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [{}, {"understood": ""}, {"understood": "on", "submission_key": "not-a-key"}],
    ids=["missing", "not-ticked", "bad-key"],
)
def test_asking_without_saying_you_understand_changes_nothing(parent, data):
    client = client_for(parent.user)
    posted = data if "submission_key" in data else keyed_form(**data)
    page = client.post(ERASURE, posted)
    assert page.status_code == 400
    assert ErasureRequest.objects.count() == 0


def test_a_parent_takes_their_request_back(parent):
    request = services.ask_for_erasure(parent.user, how="portal", by=parent.user)
    client = client_for(parent.user)
    url = reverse("privacy:erasure_request", args=[request.pk])
    assert "Take my request back" in client.get(url).content.decode()
    client.post(url, keyed_form())
    request.refresh_from_db()
    assert request.status == ErasureStatus.WITHDRAWN


def test_someone_elses_request_is_not_found(parent):
    other = ParentFactory()
    request = services.ask_for_erasure(other.user, how="portal", by=other.user)
    url = reverse("privacy:erasure_request", args=[request.pk])
    client = client_for(parent.user)
    assert client.get(url).status_code == 404
    assert client.post(url, keyed_form()).status_code == 404
    request.refresh_from_db()
    assert request.status == ErasureStatus.REQUESTED


def test_a_refusal_shows_its_reason_to_the_person(parent, staff):
    request = services.ask_for_erasure(parent.user, how="portal", by=parent.user)
    services.refuse_erasure(request, reason="A court case is still open.", by=staff["manager"])
    page = client_for(parent.user).get(reverse("privacy:erasure_request", args=[request.pk]))
    assert "A court case is still open." in page.content.decode()


def test_a_correction_is_asked_and_the_reply_read(parent, staff):
    client = client_for(parent.user)
    client.post(CORRECTION, keyed_form(what_is_wrong="My region is York, not Leeds."))
    correction = CorrectionRequest.objects.get()
    assert correction.what_is_wrong == "My region is York, not Leeds."
    services.answer_correction(
        correction, corrected=True, reply="We changed it to York.", by=staff["manager"]
    )
    text = client.get(CORRECTION).content.decode()
    assert "We changed it to York." in text and "corrected" in text


@pytest.mark.parametrize(
    "what, message",
    [
        ("", "required"),
        ("<script>alert(1)</script>", "plain words"),
        ("x" * 2001, "at most 2000"),
    ],
    ids=["missing", "html", "oversized"],
)
def test_a_bad_correction_is_refused_and_changes_nothing(parent, what, message):
    page = client_for(parent.user).post(CORRECTION, keyed_form(what_is_wrong=what))
    assert page.status_code == 400
    assert message in page.content.decode()
    assert CorrectionRequest.objects.count() == 0


def portal_people(n):
    for _ in range(n):
        person = ParentFactory()
        services.ask_for_erasure(person.user, how="portal", by=person.user)
        services.ask_for_correction(
            person.user, what_is_wrong="Wrong", how="portal", by=person.user
        )


@pytest.mark.parametrize("others", [2, 40])
def test_portal_pages_run_a_fixed_number_of_queries(parent, others, django_assert_max_num_queries):
    portal_people(others)
    services.ask_for_correction(parent.user, what_is_wrong="Wrong", how="portal", by=parent.user)
    client = client_for(parent.user)
    # Session, user and groups; their e-mail addresses; one query per declared table for their
    # rows, and the messages and reset requests sent to their address; their requests; the
    # header's menu pages. The
    # same at any number of other people.
    tables = [entry for entry in registry.personal_data() if entry.subject]
    with django_assert_max_num_queries(len(tables) + 11):
        assert client.get(ERASURE).status_code == 200
    # Session, user, groups, the session's save; their corrections; the header's menu pages.
    with django_assert_max_num_queries(8):
        assert client.get(CORRECTION).status_code == 200


# -- the staff workspace --------------------------------------------------------------------


def test_the_proposer_cannot_approve_and_a_second_administrator_can(parent, staff):
    request = services.ask_for_erasure(parent.user, how="phone", by=staff["manager"])
    admin = client_for(staff["admin"])
    propose = reverse("privacy_erasure_requests:propose", args=[request.pk])
    assert "You in the core group" in admin.get(propose).content.decode()  # the plan
    admin.post(propose, keyed_form())
    request.refresh_from_db()
    assert request.status == ErasureStatus.PROPOSED and request.proposed_by == staff["admin"]

    approve = reverse("privacy_erasure_requests:approve", args=[request.pk])
    refused = admin.post(approve, keyed_form())
    assert "second person must approve" in " ".join(said(refused))
    request.refresh_from_db()
    assert request.status == ErasureStatus.PROPOSED
    assert Parent.objects.filter(preferred_name="Hollis Wrenfield").exists()

    second = client_for(staff["admin2"])
    second.post(approve, keyed_form())
    request.refresh_from_db()
    assert request.status == ErasureStatus.DONE and request.approved_by == staff["admin2"]
    assert not Parent.objects.filter(preferred_name="Hollis Wrenfield").exists()
    page = second.get(reverse("privacy_erasure_requests:inspect", args=[request.pk]))
    text = page.content.decode()
    assert "Records we kept, and why" in text and "participation.Consent" in text
    assert "used lawfully" in text


def test_a_manager_cannot_approve(parent, staff):
    request = services.ask_for_erasure(parent.user, how="phone", by=staff["manager"])
    services.propose_erasure(request, by=staff["admin"])
    manager = client_for(staff["manager"])
    url = reverse("privacy_erasure_requests:approve", args=[request.pk])
    refused = manager.post(url, keyed_form())
    # Wagtail's admin answers a refusal by going back to the dashboard.
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    request.refresh_from_db()
    assert request.status == ErasureStatus.PROPOSED


RECORD = reverse("privacy_erasure_requests:record")


@pytest.mark.parametrize(
    "change, message",
    [
        ({"person": ""}, "required"),
        ({"person": "abc"}, "Choose a person"),
        ({"how": "pigeon"}, "Select a valid choice"),
        ({"received_on": "not a date"}, "real date"),
        ({"received_on": "3000-01-01"}, "in the future"),
    ],
    ids=["no-person", "wrong-type", "bad-choice", "bad-date", "future"],
)
def test_recording_a_request_with_bad_input_changes_nothing(parent, staff, change, message):
    data = {
        "person": parent.user.pk,
        "how": "phone",
        "received_on": timezone.localdate().isoformat(),
        **change,
    }
    page = client_for(staff["manager"]).post(RECORD, keyed_form(**data))
    assert page.status_code == 400
    assert message in page.content.decode()
    assert ErasureRequest.objects.count() == 0


def test_staff_cannot_record_a_request_for_a_staff_member(parent, staff):
    data = {"person": staff["admin"].pk, "how": "phone", "received_on": timezone.localdate()}
    page = client_for(staff["manager"]).post(RECORD, keyed_form(**data))
    assert page.status_code == 400
    assert ErasureRequest.objects.count() == 0


def test_refusing_needs_a_reason_in_plain_words(parent, staff):
    request = services.ask_for_erasure(parent.user, how="phone", by=staff["manager"])
    url = reverse("privacy_erasure_requests:refuse", args=[request.pk])
    client = client_for(staff["manager"])
    for reason in ("", "<b>no</b>", "x" * 2001):
        assert client.post(url, keyed_form(reason=reason)).status_code == 400
    request.refresh_from_db()
    assert request.status == ErasureStatus.REQUESTED


def test_answering_a_correction_from_its_page(parent, staff):
    correction = services.ask_for_correction(
        parent.user, what_is_wrong="Wrong region", how="phone", by=staff["manager"]
    )
    client = client_for(staff["manager"])
    url = reverse("privacy_corrections:answer", args=[correction.pk])
    client.post(url, keyed_form(corrected="maybe", reply="x"))
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.OPEN
    client.post(url, keyed_form(corrected="no", reply="It is right as it is."))
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.NOT_CORRECTED
    assert correction.handled_by == staff["manager"]


def received_days_ago(n):
    return timezone.localdate() - timedelta(days=n)


@pytest.mark.parametrize("count", [3, 60])
def test_staff_listings_and_pages_run_a_fixed_number_of_queries(
    staff, count, django_assert_max_num_queries
):
    portal_people(count)
    client = client_for(staff["manager"])
    request = ErasureRequest.objects.first()
    correction = CorrectionRequest.objects.first()
    # Session, user, groups, permissions (Wagtail's menu); the page of rows with their people
    # in one query; the count; the audit row and its content type; the session's save.
    for url in (
        reverse("privacy_erasure_requests:index"),
        reverse("privacy_corrections:index"),
    ):
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200
    for url in (
        reverse("privacy_erasure_requests:inspect", args=[request.pk]),
        reverse("privacy_corrections:inspect", args=[correction.pk]),
    ):
        # The same, with the record and its people in one query instead of the listing.
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200


def test_a_coordinator_records_a_request_from_an_applicants_page(staff):
    from tests.befriending.factories import BefrienderFactory

    coordinator = make_user(Role.BEFRIENDING_COORDINATOR, display_name="Coordinator")
    applicant = BefrienderFactory(user=None, name="Tamsin Applicant", email="t@example.org")
    client = client_for(coordinator)
    page = client.get(reverse("befriending_volunteers:inspect", args=[applicant.pk]))
    url = reverse(
        "privacy_erasure_requests:record_for", args=["befriending.Befriender", applicant.pk]
    )
    assert url in page.content.decode()
    assert client.get(url).status_code == 200
    bad = client.post(url, keyed_form(how="letter", received_on="3000-01-01"))
    assert bad.status_code == 400 and not ErasureRequest.objects.exists()
    client.post(url, keyed_form(how="letter", received_on=timezone.localdate().isoformat()))
    request = ErasureRequest.objects.get()
    assert request.subject == applicant and request.person is None


def test_records_that_are_not_a_persons_own_cannot_be_asked_about(parent, staff):
    from tests.befriending.factories import BefrienderFactory

    client = client_for(staff["admin"])
    with_account = BefrienderFactory()
    for args in (
        ["befriending.Befriender", with_account.pk],
        ["participation.Consent", Consent.objects.get().pk],
        ["nothing.Here", 1],
    ):
        url = reverse("privacy_erasure_requests:record_for", args=args)
        assert client.get(url).status_code == 404


def test_the_person_is_told_there_is_a_reply_without_the_reply_itself(parent, staff):
    from pace_site.notifications.models import Notification

    request = services.ask_for_erasure(parent.user, how="phone", by=staff["manager"])
    services.refuse_erasure(request, reason="A court case is still open.", by=staff["manager"])
    correction = services.ask_for_correction(
        parent.user, what_is_wrong="Wrong region", how="phone", by=staff["manager"]
    )
    services.answer_correction(
        correction, corrected=True, reply="We changed it to York.", by=staff["manager"]
    )
    messages = list(Notification.objects.filter(recipient=parent.user).order_by("pk"))
    assert [m.kind for m in messages] == ["privacy/erasure_refused", "privacy/correction_answered"]
    for message in messages:
        assert "We have replied" in message.subject
        assert "court case" not in message.body and "York" not in message.body
    assert messages[0].link.endswith(f"/my/privacy/delete/{request.pk}/")


def test_an_answer_is_due_one_calendar_month_after_the_request_reached_us(parent, staff):
    from datetime import date

    request = ErasureRequest(received_on=date(2027, 1, 31))
    assert request.due_on == date(2027, 2, 28)
    assert CorrectionRequest(received_on=date(2026, 3, 15)).due_on == date(2026, 4, 15)


def test_a_volunteer_sees_what_would_happen_to_their_own_records():
    from tests.befriending.factories import BefrienderFactory, make_active_match

    befriender = BefrienderFactory()
    make_active_match(befriender)
    text = client_for(befriender.user).get(ERASURE).content.decode()
    assert "You as a volunteer befriender" in text and "Your befriending match" in text
    assert "You in the core group" not in text  # the parent's, not theirs


def test_taking_a_request_back_with_an_expired_form_changes_nothing(parent):
    request = services.ask_for_erasure(parent.user, how="portal", by=parent.user)
    client = client_for(parent.user)
    url = reverse("privacy:erasure_request", args=[request.pk])
    for data in ({}, {"submission_key": "not-a-key"}):
        answer = client.post(url, data)
        assert answer.status_code == 302 and "expired" in " ".join(said(answer))
    request.refresh_from_db()
    assert request.status == ErasureStatus.REQUESTED
    # Taken back, a second click says the same and changes nothing more.
    data = keyed_form()
    client.post(url, data)
    again = client.post(url, data)
    assert again.status_code == 302
    request.refresh_from_db()
    assert request.status == ErasureStatus.WITHDRAWN


def test_nobody_handles_a_request_about_themselves(staff):
    manager = staff["manager"]
    manager_parent = ParentFactory(user=make_user(Role.PARTICIPATION_MANAGER))
    request = services.ask_for_erasure(manager_parent.user, how="email", by=staff["admin"])
    with pytest.raises(services.PrivacyError, match="Someone else"):
        services.propose_erasure(request, by=manager_parent.user)
    services.propose_erasure(request, by=manager)
    with pytest.raises(services.PrivacyError):
        services.approve_erasure(request, by=manager_parent.user)
    request.refresh_from_db()
    assert request.status == ErasureStatus.PROPOSED


def test_the_dashboard_shows_open_requests_and_which_are_overdue(parent, staff):
    old = services.ask_for_erasure(
        parent.user, how="letter", received_on=received_days_ago(40), by=staff["manager"]
    )
    other = ParentFactory()
    services.ask_for_correction(
        other.user,
        what_is_wrong="Wrong",
        how="phone",
        received_on=received_days_ago(26),
        by=staff["manager"],
    )
    page = client_for(staff["manager"]).get(reverse("wagtailadmin_home"))
    text = page.content.decode()
    assert "Requests to delete or correct information" in text
    assert reverse("privacy_erasure_requests:inspect", args=[old.pk]) in text
    assert "overdue" in text and "due soon" in text
    editor = make_user(Role.EDITOR)
    assert (
        "Requests to delete"
        not in client_for(editor).get(reverse("wagtailadmin_home")).content.decode()
    )


@pytest.mark.parametrize("count", [2, 30])
def test_the_dashboard_panel_runs_two_queries(count, django_assert_num_queries):
    from pace_site.privacy.erasure.dashboard import requests_context

    portal_people(count)
    # The open erasure requests with their people; the open corrections with theirs.
    with django_assert_num_queries(2):
        context = requests_context()
    assert len(context["erasures"]) == len(context["corrections"]) == count
