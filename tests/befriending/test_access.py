"""Who sees what: each befriender only their own current match (first name, arrangements,
contact rules), nothing after it ends but the first name and dates; the coordinator sees all;
the participation manager only whether a parent has an active match."""

from datetime import time

import pytest
from django.urls import reverse
from django.utils import timezone

from befriending import services
from befriending.models import ContactLog
from pace_site.accounts.roles import Role
from pace_site.notifications.models import ContactRules
from tests.factories import ParentFactory

from .factories import keyed, make_active_match

pytestmark = pytest.mark.django_db

PORTAL_PAGES = [
    "befriending:my_match",
    "befriending:log_contact",
    "befriending:raise_concern",
    "befriending:my_record",
    "befriending:past_matches",
]


@pytest.fixture
def two():
    """Two befrienders, each with their own match and a contact log."""
    a = make_active_match(parent=ParentFactory(preferred_name="Alice Secretsurname"))
    b = make_active_match(parent=ParentFactory(preferred_name="Bea Hiddenname"))
    for match in (a, b):
        ContactLog.objects.create(
            match=match,
            happened_on=match.started_on,
            duration_minutes=30,
            method="phone",
            parent_mood="okay",
            notes=f"Notes about {match.parent.preferred_name}",
        )
    return a, b


def test_each_befriender_sees_only_their_own_match(two, signed_in_client):
    a, b = two
    client = signed_in_client(a.befriender.user)
    page = client.get(reverse("befriending:my_match")).content.decode()
    assert "Your match with Alice" in page
    assert "Secretsurname" not in page
    assert "Bea" not in page and "Hiddenname" not in page


def test_contact_logs_of_another_match_are_404(two, signed_in_client):
    a, b = two
    client = signed_in_client(a.befriender.user)
    own = a.contact_logs.get()
    other = b.contact_logs.get()
    assert client.get(reverse("befriending:contact_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("befriending:contact_detail", args=[other.pk])).status_code == 404
    response = client.get(f"{reverse('befriending:raise_concern')}?contact={other.pk}")
    assert response.status_code == 404
    assert client.get(f"{reverse('befriending:raise_concern')}?contact=abc").status_code == 404
    # Posting a concern "about" someone else's log is refused and saves nothing.
    response = client.post(
        reverse("befriending:raise_concern"),
        keyed({"urgency": "soon", "details": "x", "contact": other.pk}),
    )
    assert response.status_code == 404
    assert not a.befriender.concerns.exists()


def test_a_contact_is_always_logged_on_your_own_match(two, signed_in_client):
    a, b = two
    client = signed_in_client(b.befriender.user)
    client.post(
        reverse("befriending:log_contact"),
        keyed(
            {
                "happened_on": timezone.localdate().isoformat(),
                "duration_minutes": "20",
                "method": "phone",
                "parent_mood": "well",
                "match": a.pk,  # ignored: there is no way to name another match
            }
        ),
    )
    assert b.contact_logs.count() == 2 and a.contact_logs.count() == 1


def test_after_a_match_ends_only_first_name_and_dates_remain(two, signed_in_client, users):
    a, _b = two
    log = a.contact_logs.get()
    services.end_match(
        a, ended_on=timezone.localdate(), reason="planned", summary="Closing words", by=None
    )
    client = signed_in_client(a.befriender.user)
    assert client.get(reverse("befriending:contact_detail", args=[log.pk])).status_code == 404
    page = client.get(reverse("befriending:my_match")).content.decode()
    assert "Alice" not in page
    past = client.get(reverse("befriending:past_matches")).content.decode()
    assert "Alice" in past
    assert "Secretsurname" not in past and "Closing words" not in past and "Notes" not in past
    assert f"{a.started_on:%-d %B %Y}" in past


def test_the_parents_contact_rules_that_matter_are_shown(two, signed_in_client):
    a, _b = two
    ContactRules.objects.create(
        user=a.parent.user,
        quiet_hours_start=time(18, 0),
        quiet_hours_end=time(8, 0),
        discreet_mode=True,
        email_allowed=False,
    )
    page = signed_in_client(a.befriender.user).get(reverse("befriending:my_match")).content
    page = page.decode()
    assert "No calls or messages from 18:00 to 08:00" in page
    assert "Be discreet" in page
    assert "Please do not e-mail them" in page


@pytest.mark.parametrize(
    "role", [r for r in Role if r not in {Role.BEFRIENDER, Role.ADMINISTRATOR}]
)
@pytest.mark.parametrize("name", PORTAL_PAGES)
def test_other_roles_cannot_open_befriender_pages(role, name, user_with_role, signed_in_client):
    client = signed_in_client(user_with_role(role))
    if role == Role.APPLICANT and name == "befriending:my_match":
        return  # an applicant's own application page (tests/befriending/test_applicants.py)
    assert client.get(reverse(name)).status_code == 403


def test_a_befriender_without_a_volunteer_record_is_told_so(signed_in_client, user_with_role, two):
    client = signed_in_client(user_with_role(Role.BEFRIENDER))
    response = client.get(reverse("befriending:my_match"))
    assert "We could not find your volunteer record" in response.content.decode()
    assert client.get(reverse("befriending:raise_concern")).status_code == 404


@pytest.mark.parametrize(
    "role", [Role.PARENT, Role.BEFRIENDER, Role.PARTICIPATION_MANAGER, Role.EDITOR]
)
def test_only_the_coordinator_reaches_befriending_admin_pages(
    role, two, user_with_role, signed_in_client
):
    a, _b = two
    concern = services.raise_concern(by=a.befriender.user, urgency="soon", details="x")
    client = signed_in_client(user_with_role(role))
    urls = [
        reverse("befriending_matches:inspect", args=[a.pk]),
        reverse("befriending_concerns:inspect", args=[concern.pk]),
        reverse("befriending_contact_logs:inspect", args=[a.contact_logs.get().pk]),
        reverse("befriending_volunteers:inspect", args=[a.befriender.pk]),
        reverse("befriending_matches:index"),
        reverse("befriending_concerns:index"),
    ]
    for url in urls:
        response = client.get(url)
        if role in {Role.PARENT, Role.BEFRIENDER}:
            assert response.status_code == 403, url
        else:
            # Wagtail turns a refusal inside the admin into a redirect to its dashboard.
            assert response.status_code == 302 and response["Location"] == "/admin/", url
    coordinator = signed_in_client(user_with_role(Role.BEFRIENDING_COORDINATOR))
    for url in urls:
        assert coordinator.get(url).status_code == 200, url


def test_the_manager_gets_no_befriending_permissions(user_with_role):
    manager = user_with_role(Role.PARTICIPATION_MANAGER)
    assert not [p for p in manager.get_all_permissions() if p.startswith("befriending.")]
    coordinator = user_with_role(Role.BEFRIENDING_COORDINATOR)
    assert "befriending.view_concern" in coordinator.get_all_permissions()


def test_exports_are_audited(two, signed_in_client, users):
    from pace_site.audit.models import AuditEntry

    client = signed_in_client(users[Role.BEFRIENDING_COORDINATOR])
    response = client.get(reverse("befriending_volunteers:index") + "?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert two[0].befriender.name.encode() in body
    entry = AuditEntry.objects.get(action="audit.listing.exported")
    assert entry.user == users[Role.BEFRIENDING_COORDINATOR]
    assert entry.object_repr == "befrienders list"
