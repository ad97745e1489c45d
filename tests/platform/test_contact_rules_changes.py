"""Item 5: a person's contact rules are their own. Staff see them and may make them more
careful, only through one narrow action with a reason, which is kept, audited and told to the
person; staff can never loosen them, move them to someone else, or make or delete a row. A
parent record's account link is set once."""

from datetime import time

import pytest
from django.urls import reverse

from pace_site.accounts.roles import Role
from pace_site.audit.models import AuditEntry
from pace_site.notifications.models import ContactRules, ContactRulesChange, Notification
from tests.factories import make_user
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

RULES_FORM = {
    "email_allowed": "on",
    "discreet_mode": "on",
    "quiet_hours_start": "",
    "quiet_hours_end": "",
}


@pytest.fixture
def person():
    return make_user(Role.PARENT, display_name="Rowan")


@pytest.fixture
def rules(person):
    return ContactRules.objects.create(user=person, discreet_mode=False)


def edit(client, rules, data):
    return client.post(reverse("contact_rules:edit", args=[rules.pk]), data)


def nothing_happened(rules, before):
    rules.refresh_from_db()
    assert [getattr(rules, field) for field in ContactRules.FIELDS] == before
    assert not ContactRulesChange.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="notifications.contact_rules.ch")
    assert not Notification.objects.filter(kind="notifications/contact_rules_changed").exists()


@pytest.mark.parametrize("role", [Role.PARTICIPATION_MANAGER, Role.BEFRIENDING_COORDINATOR])
def test_staff_make_the_rules_more_careful_with_a_reason_and_the_person_is_told(
    signed_in_client, rules, person, role
):
    staff = make_user(role)
    response = edit(
        signed_in_client(staff),
        rules,
        {
            **RULES_FORM,
            "quiet_hours_start": "21:00",
            "quiet_hours_end": "08:00",
            "reason": "She rang: her ex-partner sees her phone in the evenings.",
        },
    )
    assert response.status_code == 302
    rules.refresh_from_db()
    assert rules.user == person and rules.discreet_mode is True
    assert (rules.quiet_hours_start, rules.quiet_hours_end) == (time(21), time(8))
    change = ContactRulesChange.objects.get(rules=rules)
    assert change.changed_by == staff
    assert change.reason.startswith("She rang")
    assert change.changes["discreet_mode"] == ["False", "True"]
    entry = AuditEntry.objects.get(action="notifications.contact_rules.changed_by_staff")
    assert entry.user == staff and "She rang" not in str(entry.data)  # the reason is encrypted
    told = Notification.objects.get(kind="notifications/contact_rules_changed")
    assert told.recipient == person
    assert "E-mails are now discreet." in told.body
    assert "between 21:00 to 08:00" in told.body or "21:00 to 08:00" in told.body


@pytest.mark.parametrize(
    ("start", "data", "message"),
    [
        ({"discreet_mode": True}, {"discreet_mode": ""}, "Only the person can turn discreet"),
        (
            {"email_allowed": False, "discreet_mode": True},
            {"email_allowed": "on"},
            "e-mails back on",
        ),
        (
            {"quiet_hours_start": time(21), "quiet_hours_end": time(8), "discreet_mode": True},
            {},
            "remove their quiet hours",
        ),
    ],
)
def test_staff_cannot_loosen_anyones_rules(signed_in_client, person, start, data, message):
    rules = ContactRules.objects.create(user=person, **start)
    before = [getattr(rules, field) for field in ContactRules.FIELDS]
    staff = make_user(Role.ADMINISTRATOR)
    form = {
        **RULES_FORM,
        "email_allowed": "on" if rules.email_allowed else "",
        **data,
        "reason": "Asked to",
    }
    response = edit(signed_in_client(staff), rules, form)
    assert response.status_code == 200
    assert message in response.content.decode()
    nothing_happened(rules, before)


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "This field is required"),
        ("   ", "This field is required"),
        ("<script>alert(1)</script>", "plain words only"),
        ("x" * 501, "at most 500 characters"),
    ],
)
def test_a_change_without_a_plain_reason_changes_nothing(signed_in_client, rules, reason, message):
    before = [getattr(rules, field) for field in ContactRules.FIELDS]
    staff = make_user(Role.PARTICIPATION_MANAGER)
    response = edit(signed_in_client(staff), rules, {**RULES_FORM, "reason": reason})
    assert response.status_code == 200
    assert message in response.content.decode()
    nothing_happened(rules, before)


def test_the_rules_cannot_be_moved_to_someone_else(signed_in_client, rules, person):
    other = make_user(Role.PARENT)
    staff = make_user(Role.PARTICIPATION_MANAGER)
    client = signed_in_client(staff)
    page = client.get(reverse("contact_rules:edit", args=[rules.pk])).content.decode()
    assert 'name="user"' not in page
    edit(client, rules, {**RULES_FORM, "user": other.pk, "reason": "Move it"})
    rules.refresh_from_db()
    assert rules.user == person
    assert not ContactRules.objects.filter(user=other).exists()


def test_nobody_adds_copies_or_deletes_rules_in_the_admin(signed_in_client, rules, person):
    admin = make_user(Role.ADMINISTRATOR)
    client = signed_in_client(admin)
    other = make_user(Role.PARENT)
    client.post(reverse("contact_rules:add"), {**RULES_FORM, "user": other.pk, "reason": "x"})
    client.post(reverse("contact_rules:delete", args=[rules.pk]))
    assert list(ContactRules.objects.values_list("user", flat=True)) == [person.pk]


def test_saving_the_same_rules_again_is_not_a_change(signed_in_client, person):
    rules = ContactRules.objects.create(user=person, discreet_mode=True)
    staff = make_user(Role.PARTICIPATION_MANAGER)
    response = edit(signed_in_client(staff), rules, {**RULES_FORM, "reason": "Checking"})
    assert response.status_code == 302
    assert not ContactRulesChange.objects.exists()
    assert not Notification.objects.filter(kind="notifications/contact_rules_changed").exists()


def test_the_person_changes_their_own_rules_freely_and_it_is_audited(signed_in_client, person):
    ContactRules.objects.create(user=person, discreet_mode=True)
    response = signed_in_client(person).post("/my/contact/", {"email_allowed": "on"})
    assert response.status_code == 302
    assert ContactRules.objects.get(user=person).discreet_mode is False
    entry = AuditEntry.objects.get(action="notifications.contact_rules.changed")
    assert entry.user == person and entry.data["changes"]["discreet_mode"] == ["True", "False"]
    assert not ContactRulesChange.objects.exists()  # no reason needed, nobody else to tell
    assert not Notification.objects.filter(kind="notifications/contact_rules_changed").exists()


# -- the parent record's account link ---------------------------------------------------------


def test_a_parent_records_account_link_cannot_be_changed(signed_in_client):
    from participation.models import Parent
    from tests.factories import ParentFactory

    parent = ParentFactory(preferred_name="Linden")
    someone_else = make_user(Role.PARENT)
    manager = make_user(Role.PARTICIPATION_MANAGER)
    client = signed_in_client(manager)
    url = reverse("participation_parents:edit", args=[parent.pk])
    page = client.get(url).content.decode()
    assert "it cannot be changed" in page
    response = client.post(
        url,
        {
            "user": someone_else.pk,
            "preferred_name": "Linden",
            "pseudonym": "",
            "region": parent.region,
            "joined_on": parent.joined_on.isoformat(),
            "check_in_every_weeks": parent.check_in_every_weeks,
        },
    )
    assert response.status_code == 302
    assert Parent.objects.get(pk=parent.pk).user_id == parent.user_id
    assert not Parent.objects.filter(user=someone_else).exists()


def test_linking_a_new_parent_record_to_an_account_is_audited(signed_in_client):
    from django.utils import timezone

    from participation.models import Parent

    account = make_user(Role.PARENT)
    manager = make_user(Role.PARTICIPATION_MANAGER)
    response = signed_in_client(manager).post(
        reverse("participation_parents:add"),
        {
            "user": account.pk,
            "preferred_name": "Hazel",
            "joined_on": timezone.localdate().isoformat(),
            "check_in_every_weeks": "4",
        },
    )
    assert response.status_code == 302
    parent = Parent.objects.get(user=account)
    entry = AuditEntry.objects.get(action="participation.parent.account_linked")
    assert entry.user == manager and entry.object_id == str(parent.pk)


def test_a_new_account_has_its_own_rules_for_staff_to_find(
    client, django_capture_on_commit_callbacks
):
    from pace_site.accounts import services as accounts

    manager = make_user(Role.PARTICIPATION_MANAGER)
    invitation = accounts.invite(email="new.rules@example.org", role=Role.PARENT, by=manager)
    user = accounts.accept_invitation(
        accounts.invitation_token(invitation), password="Kettle-on-the-hob-7", display_name="Ash"
    )
    rules = ContactRules.objects.get(user=user)
    assert rules.discreet_mode is True and rules.email_allowed is True
    sign_in(client, manager)
    listing = client.get(reverse("contact_rules:index"), {"q": "Ash"}).content.decode()
    assert reverse("contact_rules:edit", args=[rules.pk]) in listing
