"""Subject access: everything held about one person, read from the registry, on their own
page and as PDF and JSON; notes written by staff held back until reviewed; every look and
download audited."""

import json
from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from befriending.models import (
    Concern,
    ConcernUrgency,
    ContactLog,
    SupervisionSession,
    TrainingModule,
    TrainingRecord,
)
from events.models import Feedback
from events.services import calendar_feed_for
from pace_site.accounts.roles import Role
from pace_site.audit.models import AuditEntry
from pace_site.audit.services import record
from pace_site.notifications.models import ContactRules, Notification, Status
from pace_site.privacy import registry
from pace_site.privacy.access import collect
from pace_site.privacy.access.documents import as_pdf
from pace_site.privacy.models.access import SubjectAccessRequest
from participation.models import CheckIn, Consent, ConsentPurpose, Pause, PauseStartedBy, SignUp
from tests.befriending.factories import BefrienderFactory, make_active_match
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import ParentFactory, make_user
from tests.helpers import give_totp, sign_in
from tests.participation.factories import OpportunityFactory

pytestmark = pytest.mark.django_db

STAFF_NOTE = "Staff note Tamarind about the hearing"
SAFEGUARDING_DETAIL = "Worried about a Cobalt car outside"


def populated_parent(*, check_ins: int = 2, name: str = "Amaryllis Quince"):
    """A parent with something in every table that can hold their data, and a befriender."""
    manager = make_user(display_name="Manager")
    parent = ParentFactory(preferred_name=name, pseudonym="Mira Q")
    user = parent.user
    parent.set_private_dates(
        [{"on": timezone.localdate() + timedelta(days=40), "note": "Birthday Goldenrod"}]
    )
    parent.save()
    for number in range(check_ins):
        CheckIn.objects.create(
            parent=parent,
            channel="phone",
            kind="regular",
            wellbeing=3,
            words=f"Feeling steadier {number}",
            notes=STAFF_NOTE,
            by=manager,
        )
    Pause.objects.create(
        parent=parent, started_by=PauseStartedBy.PARENT, reason="Needs space", recorded_by=manager
    )
    Consent.objects.create(
        parent=parent, purpose=ConsentPurpose.PHOTOS, detail="Photos Lilac", recorded_by=manager
    )
    SignUp.objects.create(parent=parent, opportunity=OpportunityFactory(title="Talk Heliotrope"))
    befriender = BefrienderFactory(name="Wren Halloway")
    match = make_active_match(befriender, parent)
    ContactLog.objects.create(
        match=match,
        happened_on=timezone.localdate() - timedelta(days=2),
        duration_minutes=45,
        method="meeting",
        parent_mood="okay",
        notes="Walked by the Ochre canal",
        created_by=befriender.user,
    )
    Concern.objects.create(
        befriender=befriender, match=match, urgency=ConcernUrgency.SOON, details=SAFEGUARDING_DETAIL
    )
    TrainingRecord.objects.create(
        befriender=befriender, module=TrainingModule.INDUCTION, completed_on=timezone.localdate()
    )
    SupervisionSession.objects.create(
        befriender=befriender, held_on=timezone.localdate(), held_by=manager, notes="Supervised"
    )
    registration = RegistrationFactory(
        event=EventFactory(title="Network Day Marigold"),
        user=user,
        dietary_needs="No nuts Quokka",
        travel_support_requested=Decimal("20.00"),
    )
    Feedback.objects.create(
        registration=registration,
        felt_less_alone="yes",
        met_someone_who_understands="yes",
        more_confident="a_little",
        anything_to_change="More tea",
    )
    calendar_feed_for(user)
    Notification.objects.create(
        recipient=user,
        to_email=user.email,
        kind="test.message",
        subject="Your Thistle appointment",
        body="See you on Tuesday.",
        status=Status.SENT,
        sent_at=timezone.now(),
    )
    ContactRules.objects.create(
        user=user, discreet_mode=True, quiet_hours_start=time(21), quiet_hours_end=time(8)
    )
    give_totp(user)
    record("participation.check_in.self_reported", parent, by=user)
    return parent, befriender


def tables(collection) -> set[str]:
    return {section.table for section in collection.sections}


def all_text(collection) -> str:
    return json.dumps(collection.as_dict(), ensure_ascii=False)


# -- the collection ----------------------------------------------------------------------------


def test_the_collection_covers_every_declared_table_with_rows_for_a_parent_and_a_befriender():
    parent, befriender = populated_parent()
    for person in (parent.user, befriender.user):
        expected = {
            entry.model_class._meta.label_lower
            for entry in registry.personal_data()
            if entry.subject and entry.rows_for(person).exists()
        }
        found = tables(collect(person))
        assert expected <= found
        assert len(expected) >= 8
    parent_tables = tables(collect(parent.user))
    assert {
        "participation.parent",
        "participation.checkin",
        "participation.pause",
        "participation.consent",
        "participation.signup",
        "befriending.match",
        "befriending.contactlog",
        "befriending.concern",
        "events.registration",
        "events.feedback",
        "events.calendarfeed",
        "notifications.notification",
        "notifications.contactrules",
        "accounts.user",
        "account.emailaddress",
        "mfa.authenticator",
        "audit.auditentry",
    } <= parent_tables
    assert {"befriending.befriender", "befriending.trainingrecord"} <= tables(
        collect(befriender.user)
    )


def test_values_are_in_plain_words():
    parent, _befriender = populated_parent()
    collection = collect(parent.user)
    text = all_text(collection)
    # Encrypted text decrypted, choice labels, dates in words, related objects by their name.
    assert "Feeling steadier 0" in text
    assert "Birthday Goldenrod" in text
    assert (timezone.localdate() + timedelta(days=40)).strftime("on: %-d %B %Y") in text
    assert "Talk Heliotrope" in text
    assert "Network Day Marigold" in text
    assert timezone.localdate().strftime("%-d %B %Y") in text
    # What they did, in the audit trail's plain words rather than its codes.
    assert "Parent checked in" in text
    assert "participation.check_in.self_reported" not in text
    check_ins = next(s for s in collection.sections if s.table == "participation.checkin")
    labels = {item.label: item.value for item in check_ins.rows[0].items}
    assert labels["Channel"] == "phone"
    assert labels["Asked for a call"] == "No"


def test_another_persons_rows_never_appear():
    parent, befriender = populated_parent()
    other, other_befriender = populated_parent(name="Bramble Okafor")
    mine = all_text(collect(parent.user))
    assert "Bramble" not in mine
    assert other.user.email not in mine
    # The befriender's copy has their match, but never the parent's private words or name.
    theirs = all_text(collect(befriender.user))
    assert "Amaryllis" not in theirs
    assert "Feeling steadier" not in theirs
    assert "Birthday Goldenrod" not in theirs
    assert "Bramble" not in all_text(collect(befriender.user))
    assert "Amaryllis" not in all_text(collect(other_befriender.user))


def test_staff_notes_and_safeguarding_details_are_held_back_from_the_self_service_copy():
    parent, befriender = populated_parent()
    full = collect(parent.user)
    assert STAFF_NOTE in all_text(full)
    assert SAFEGUARDING_DETAIL in all_text(full)
    own = collect(parent.user, staff_only=False)
    assert STAFF_NOTE not in all_text(own)
    assert SAFEGUARDING_DETAIL not in all_text(own)
    assert own.held_back > 0
    assert SAFEGUARDING_DETAIL not in all_text(collect(befriender.user, staff_only=False))


@pytest.mark.parametrize("check_ins", [2, 40])
def test_the_collection_runs_one_query_per_table_whatever_the_size(
    check_ins, django_assert_max_num_queries
):
    parent, _befriender = populated_parent(check_ins=check_ins)
    declared = [entry for entry in registry.personal_data() if entry.subject]
    # One query per declared table, and one prefetch for a parent's interests.
    with django_assert_max_num_queries(len(declared) + 1):
        collection = collect(parent.user)
    check_in_rows = next(s for s in collection.sections if s.table == "participation.checkin").rows
    assert len(check_in_rows) == check_ins


def test_the_pdf_prints_any_alphabet():
    parent, _befriender = populated_parent(name="Zoë Ångström 王芳 Ахмед")
    body = as_pdf(collect(parent.user, staff_only=False), title="Your information")
    assert body.startswith(b"%PDF")


# -- the portal --------------------------------------------------------------------------------


def client_for(user) -> Client:
    client = Client()
    sign_in(client, user)
    return client


@pytest.mark.parametrize("who", ["parent", "befriender"])
def test_a_person_reads_and_downloads_their_information(who):
    parent, befriender = populated_parent()
    person = parent if who == "parent" else befriender
    client = client_for(person.user)
    page = client.get(reverse("privacy:my_data"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Your information" in body
    assert "checked by a manager" in body
    assert STAFF_NOTE not in body and SAFEGUARDING_DETAIL not in body
    pdf = client.get(reverse("privacy:my_data_download", args=["pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]
    data = client.get(reverse("privacy:my_data_download", args=["json"]))
    assert data.status_code == 200
    sections = {s["table"] for s in json.loads(data.content)["sections"]}
    assert ("participation.checkin" in sections) == (who == "parent")
    assert STAFF_NOTE not in data.content.decode()
    codes = list(AuditEntry.objects.filter(user=person.user).values_list("action", "data"))
    assert any(
        code == "privacy.own_data.viewed" and data["format"] == "page" and data["held_back"] > 0
        for code, data in codes
    )
    assert ("privacy.own_data.downloaded", {"format": "pdf"}) in codes
    assert ("privacy.own_data.downloaded", {"format": "json"}) in codes


def test_an_unknown_format_is_not_found():
    parent, _befriender = populated_parent()
    client = client_for(parent.user)
    assert client.get(reverse("privacy:my_data_download", args=["xlsx"])).status_code == 404


def test_the_portal_home_and_contact_settings_link_to_your_information():
    parent, _befriender = populated_parent()
    client = client_for(parent.user)
    url = reverse("privacy:my_data")
    assert url in client.get(reverse("pace_site:portal_home")).content.decode()
    assert url in client.get(reverse("notifications:contact_rules")).content.decode()


@pytest.mark.parametrize("check_ins", [2, 40])
def test_the_page_runs_a_fixed_number_of_queries(check_ins, django_assert_max_num_queries):
    parent, _befriender = populated_parent(check_ins=check_ins)
    client = client_for(parent.user)
    declared = [entry for entry in registry.personal_data() if entry.subject]
    # The session, the account and its roles; the collection (one per table, one prefetch of
    # a parent's interests); the audit entry; the person's requests; the session saved (a
    # savepoint, the update and its release).
    with django_assert_max_num_queries(len(declared) + 10):
        assert client.get(reverse("privacy:my_data")).status_code == 200


def test_asking_for_a_full_copy_opens_one_request_and_a_second_ask_is_told_so():
    parent, _befriender = populated_parent()
    admin = make_user(Role.ADMINISTRATOR)
    client = client_for(parent.user)
    url = reverse("privacy:ask_full_copy")
    assert "Ask for a full copy" in client.get(url).content.decode()
    response = client.post(url, {"submission_key": "3f1c5b3e-0000-4000-8000-000000000001"})
    assert response.status_code == 302
    assert (
        SubjectAccessRequest.objects.filter(person=parent.user, received_how="portal").count() == 1
    )
    # The same form again (a double click) acts once.
    client.post(url, {"submission_key": "3f1c5b3e-0000-4000-8000-000000000001"})
    # A new ask while one is open: told plainly, nothing new.
    again = client.post(
        url, {"submission_key": "3f1c5b3e-0000-4000-8000-000000000002"}, follow=True
    )
    assert "already asked" in again.content.decode()
    assert SubjectAccessRequest.objects.filter(person=parent.user).count() == 1
    request = SubjectAccessRequest.objects.get(person=parent.user)
    assert request.due_on > request.received_on
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert "You asked for a full copy" in page
    # Administrators are told (once), without the person's name in the message.
    told = Notification.objects.filter(recipient=admin, kind="privacy/access_request_opened")
    assert told.count() == 1
    assert parent.preferred_name not in told.get().subject + told.get().body


def test_an_ask_without_its_form_key_changes_nothing():
    parent, _befriender = populated_parent()
    client = client_for(parent.user)
    response = client.post(reverse("privacy:ask_full_copy"), {"submission_key": "not-a-key"})
    assert response.status_code == 302
    assert not SubjectAccessRequest.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_asking_twice_at_once_opens_one_request_and_both_tabs_are_answered_alike():
    from tests.helpers import keyed_form, twice_at_once_then_again

    parent = ParentFactory()
    answers = twice_at_once_then_again(parent.user, reverse("privacy:ask_full_copy"), keyed_form())
    assert SubjectAccessRequest.objects.filter(person=parent.user).count() == 1
    assert AuditEntry.objects.filter(action="privacy.access_request.opened").count() == 1
    assert {(status, where) for status, where, _said in answers} == {
        (302, reverse("privacy:my_data"))
    }
