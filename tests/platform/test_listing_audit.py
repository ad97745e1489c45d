"""Every staff listing or page that shows sensitive records writes one audit row per view, with
its page and filter choices (never a search term) and no query per row."""

import pytest
from django.urls import reverse

from pace_site.accounts.roles import Role
from pace_site.audit.models import AuditEntry
from tests.befriending.factories import make_active_match
from tests.events.factories import EventFactory, RegistrationFactory
from tests.factories import make_user

pytestmark = pytest.mark.django_db

LISTINGS = [
    ("participation_parents:index", Role.PARTICIPATION_MANAGER, "participation.parent_list.viewed"),
    (
        "participation_sign_ups:index",
        Role.PARTICIPATION_MANAGER,
        "participation.sign_up_list.viewed",
    ),
    (
        "participation_check_ins:index",
        Role.PARTICIPATION_MANAGER,
        "participation.check_in_list.viewed",
    ),
    ("participation_pauses:index", Role.PARTICIPATION_MANAGER, "participation.pause_list.viewed"),
    (
        "befriending_volunteers:index",
        Role.BEFRIENDING_COORDINATOR,
        "befriending.befriender_list.viewed",
    ),
    (
        "befriending_referrals:index",
        Role.BEFRIENDING_COORDINATOR,
        "befriending.referral_list.viewed",
    ),
    ("befriending_matches:index", Role.BEFRIENDING_COORDINATOR, "befriending.match_list.viewed"),
    ("befriending_reviews:index", Role.BEFRIENDING_COORDINATOR, "befriending.review_list.viewed"),
    ("befriending_concerns:index", Role.BEFRIENDING_COORDINATOR, "befriending.concern_list.viewed"),
    (
        "befriending_contact_logs:index",
        Role.BEFRIENDING_COORDINATOR,
        "befriending.contact_log_list.viewed",
    ),
    (
        "contact_rules:index",
        Role.PARTICIPATION_MANAGER,
        "notifications.contact_rules_list.viewed",
    ),
]


@pytest.mark.parametrize("url_name, role, code", LISTINGS)
def test_each_sensitive_listing_writes_one_audit_row_per_view(
    signed_in_client, url_name, role, code
):
    make_active_match()
    staff = make_user(role)
    client = signed_in_client(staff)
    url = reverse(url_name)

    assert client.get(url).status_code == 200
    assert client.get(url + "?p=1&q=Amira").status_code == 200

    entries = list(AuditEntry.objects.filter(action=code).order_by("pk"))
    assert len(entries) == 2
    assert all(e.user == staff and e.object_id == "" for e in entries)
    assert entries[1].data["page"] == 1 and entries[1].data["searched"] is True
    assert "Amira" not in str(entries[1].data)
    assert not AuditEntry.objects.exclude(action=code).exists()


def test_a_listing_records_its_filter_choices(signed_in_client):
    manager = make_user(Role.PARTICIPATION_MANAGER)
    client = signed_in_client(manager)
    url = reverse("participation_check_ins:index") + "?wants_call=true&kind=regular"
    assert client.get(url).status_code == 200
    entry = AuditEntry.objects.get(action="participation.check_in_list.viewed")
    assert entry.data["filters"] == {"wants_call": True, "kind": "regular"}


def test_an_export_is_recorded_as_an_export_not_a_view(signed_in_client):
    client = signed_in_client(make_user(Role.PARTICIPATION_MANAGER))
    response = client.get(reverse("participation_check_ins:index") + "?export=csv")
    assert response.status_code == 200
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["audit.listing.exported"]


@pytest.mark.parametrize(
    "url_name, code",
    [
        ("events_events:inspect", "events.registration_list.viewed"),
        ("events_events:attendance", "events.attendance_list.viewed"),
    ],
)
def test_event_staff_lists_of_people_are_audited_once_per_view(signed_in_client, url_name, code):
    event = EventFactory()
    for _ in range(3):
        RegistrationFactory(event=event, user=make_user(Role.PARENT), access_needs="Step-free")
    manager = make_user(Role.PARTICIPATION_MANAGER)
    client = signed_in_client(manager)
    assert client.get(reverse(url_name, args=[event.pk])).status_code == 200
    entry = AuditEntry.objects.get(action=code)
    assert entry.user == manager and entry.object_id == str(event.pk)


def test_an_opportunitys_sign_ups_and_a_sign_up_being_confirmed_are_audited(signed_in_client):
    from tests.participation.factories import SignUpFactory

    manager = make_user(Role.PARTICIPATION_MANAGER)
    signup = SignUpFactory()
    opportunity = signup.opportunity
    client = signed_in_client(manager)
    assert (
        client.get(
            reverse("participation_opportunities:inspect", args=[opportunity.pk])
        ).status_code
        == 200
    )
    assert (
        client.get(reverse("participation_sign_ups:confirm", args=[signup.pk])).status_code == 200
    )
    listing = AuditEntry.objects.get(action="participation.sign_up_list.viewed")
    assert listing.object_id == str(opportunity.pk) and listing.data == {"rows": 1}
    assert (
        AuditEntry.objects.for_object(signup)
        .filter(action="participation.sign_up.viewed", user=manager)
        .exists()
    )


def test_opening_a_persons_contact_rules_is_audited(signed_in_client):
    from pace_site.notifications.models import ContactRules

    person = make_user(Role.PARENT)
    rules, _ = ContactRules.objects.get_or_create(user=person)
    manager = make_user(Role.PARTICIPATION_MANAGER)
    client = signed_in_client(manager)
    assert client.get(reverse("contact_rules:edit", args=[rules.pk])).status_code == 200
    assert (
        AuditEntry.objects.for_object(rules)
        .filter(action="notifications.contact_rules.viewed", user=manager)
        .exists()
    )


def test_a_volunteers_page_with_their_matches_and_concerns_is_audited(signed_in_client):
    match = make_active_match()
    coordinator = make_user(Role.BEFRIENDING_COORDINATOR)
    client = signed_in_client(coordinator)
    url = reverse("befriending_volunteers:inspect", args=[match.befriender.pk])
    assert client.get(url).status_code == 200
    assert (
        AuditEntry.objects.for_object(match.befriender)
        .filter(action="befriending.befriender.viewed", user=coordinator)
        .exists()
    )


@pytest.mark.parametrize(
    "role, codes",
    [
        # Each also sees the subject access requests due, which is audited too.
        (
            Role.PARTICIPATION_MANAGER,
            ["participation.dashboard.viewed", "privacy.access_dashboard.viewed"],
        ),
        (
            Role.BEFRIENDING_COORDINATOR,
            ["befriending.dashboard.viewed", "privacy.access_dashboard.viewed"],
        ),
        (Role.EDITOR, []),
    ],
)
def test_the_admin_home_panels_that_list_calls_and_concerns_are_audited(
    signed_in_client, role, codes
):
    staff = make_user(role)
    assert signed_in_client(staff).get("/admin/").status_code == 200
    assert sorted(AuditEntry.objects.filter(user=staff).values_list("action", flat=True)) == codes


def test_a_parents_history_tab_lists_their_audit_entries_for_administrators(signed_in_client):
    from tests.factories import ParentFactory

    parent = ParentFactory()
    manager = make_user(Role.PARTICIPATION_MANAGER)
    signed_in_client(manager).get(reverse("participation_parents:inspect", args=[parent.pk]))
    page = signed_in_client(make_user(Role.ADMINISTRATOR)).get(
        reverse("participation_parents:history", args=[parent.pk])
    )
    assert page.status_code == 200
    assert "Parent&#x27;s timeline viewed" in page.content.decode()
