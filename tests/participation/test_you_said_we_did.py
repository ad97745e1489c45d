""" "You said, we did": a manager links parents' contributions to what they changed; each parent
is told discreetly and sees the list on their page; the report counts contributions with a
recorded change."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pace_site.audit.models import AuditEntry
from pace_site.notifications.models import Notification
from pace_site.privacy.erasure.engine import erase
from participation import services
from participation.models import (
    ChangeContribution,
    ChangeMade,
    OpportunityStatus,
    ParentStatus,
    SignUp,
    SignUpStatus,
)
from participation.services import ParticipationError
from tests.factories import ParentFactory
from tests.helpers import sign_in
from tests.participation.factories import OpportunityFactory, SignUpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(db):
    return OpportunityFactory(
        title="Consultation on the school guide",
        status=OpportunityStatus.DONE,
        starts_at=timezone.now() - timedelta(days=20),
    )


def took_part(opportunity, parent=None):
    return SignUpFactory(
        opportunity=opportunity, parent=parent or ParentFactory(), status=SignUpStatus.TOOK_PART
    )


def form(chosen, **overrides):
    data = {
        "kind": "guide",
        "title": "Our guide for schools",
        "description": "You told us schools did not know where to start. We rewrote the guide.",
        "changed_on": timezone.localdate().isoformat(),
        "sign_ups": [s.pk for s in chosen],
        "submission_key": str(uuid4()),
    }
    data.update(overrides)
    return data


def record_change(opportunity, sign_ups, *, by, **overrides):
    """The service, with plain defaults for what a test does not care about."""
    values = {
        "kind": "guide",
        "title": "A guide",
        "description": "Words.",
        "changed_on": timezone.localdate(),
    } | overrides
    return services.record_change_made(opportunity, sign_ups=sign_ups, by=by, **values)


def record_url(opportunity):
    return reverse("participation_opportunities:record_change", args=[opportunity.pk])


def test_a_manager_links_contributions_and_each_parent_is_told_discreetly(
    client, manager, consultation
):
    jo = took_part(consultation, ParentFactory(preferred_name="Jo"))
    sam = took_part(consultation)
    not_chosen = took_part(consultation)
    sign_in(client, manager)
    page = client.get(record_url(consultation)).content.decode()
    assert "Parents whose contribution led to it" in page and "Jo" in page
    response = client.post(record_url(consultation), form([jo, sam]))
    assert response.status_code == 302
    change = ChangeMade.objects.get()
    assert change.recorded_by == manager and change.kind == "guide"
    assert set(change.sign_ups.all()) == {jo, sam}
    assert all(c.told_at for c in ChangeContribution.objects.all())
    for signup in (jo, sam):
        message = Notification.objects.get(
            recipient=signup.parent.user, kind="participation/change_made"
        )
        assert "guide" not in message.subject.lower() and "school" not in message.body.lower()
    assert not Notification.objects.filter(recipient=not_chosen.parent.user).exists()
    entry = AuditEntry.objects.get(action="participation.change_made.recorded")
    assert "rewrote" not in str(entry.data)
    # The opportunity's page lists it.
    record = client.get(reverse("participation_opportunities:inspect", args=[consultation.pk]))
    assert "Our guide for schools" in record.content.decode()


def test_the_parent_sees_what_changed_and_someone_else_sees_nothing(client, manager, consultation):
    jo = took_part(consultation, ParentFactory(preferred_name="Jo"))
    record_change(
        consultation,
        [jo],
        by=manager,
        kind="policy",
        title="Our safeguarding policy",
        description="We now ask before sharing.",
    )
    sign_in(client, jo.parent.user)
    page = client.get(reverse("participation:you_said_we_did")).content.decode()
    assert "Our safeguarding policy" in page and "We now ask before sharing." in page
    assert "Consultation on the school guide" in page
    home = client.get("/my/").content.decode()
    assert reverse("participation:you_said_we_did") in home
    other = ParentFactory()
    sign_in(client, other.user)
    page = client.get(reverse("participation:you_said_we_did")).content.decode()
    assert "Our safeguarding policy" not in page and "Nothing here yet" in page


def test_from_one_sign_up_the_form_starts_with_that_parent_ticked(client, manager, consultation):
    jo = took_part(consultation)
    took_part(consultation)
    sign_in(client, manager)
    record = client.get(reverse("participation_opportunities:inspect", args=[consultation.pk]))
    link = f"{record_url(consultation)}?sign_up={jo.pk}"
    assert link in record.content.decode()
    page = client.get(link).content.decode()
    assert f'value="{jo.pk}"' in page
    assert page.count("checked") == 1


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"title": "<script>alert(1)</script>"}, "plain words"),
        ({"description": "Read <b>this</b>"}, "plain words"),
        ({"description": "x" * 601}, "at most 600"),
        ({"title": "x" * 151}, "at most 150"),
        ({"title": ""}, "This field is required"),
        ({"description": "   "}, "This field is required"),
        ({"kind": "poem"}, "Select a valid choice"),
        ({"sign_ups": []}, "at least one parent"),
        ({"changed_on": (timezone.localdate() + timedelta(days=3)).isoformat()}, "future"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(
    client, manager, consultation, overrides, message
):
    jo = took_part(consultation)
    sign_in(client, manager)
    response = client.post(record_url(consultation), form([jo], **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ChangeMade.objects.exists() and not Notification.objects.exists()


def test_only_sign_ups_that_took_part_here_can_be_linked(client, manager, consultation):
    elsewhere = took_part(OpportunityFactory())
    waiting = SignUpFactory(opportunity=consultation, status=SignUpStatus.INTERESTED)
    sign_in(client, manager)
    for signup in (elsewhere, waiting):
        response = client.post(record_url(consultation), form([signup]))
        assert response.status_code == 400
    assert not ChangeMade.objects.exists()
    with pytest.raises(ParticipationError):
        record_change(consultation, [elsewhere], by=manager)


def test_sent_twice_it_is_recorded_once_and_told_once(client, manager, consultation):
    jo = took_part(consultation)
    sign_in(client, manager)
    data = form([jo])
    first = client.post(record_url(consultation), data)
    second = client.post(record_url(consultation), data)
    assert first.status_code == second.status_code == 302
    assert ChangeMade.objects.count() == 1 and ChangeContribution.objects.count() == 1
    assert Notification.objects.filter(kind="participation/change_made").count() == 1
    # A stale form (no key) changes nothing and says why.
    stale = client.post(record_url(consultation), form([jo], submission_key=""))
    assert stale.status_code == 400 and "expired" in stale.content.decode()
    # The same change again with a new form is refused in plain words.
    again = client.post(record_url(consultation), form([jo]))
    assert again.status_code == 400
    assert "already recorded" in again.content.decode()
    assert ChangeMade.objects.count() == 1


def test_the_database_keeps_changes_whole(manager, consultation):
    with pytest.raises(IntegrityError), transaction.atomic():
        ChangeMade.objects.create(opportunity=consultation, kind="guide", title="", description="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        ChangeMade.objects.create(
            opportunity=consultation, kind="guide", title="A", description="x" * 601
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ChangeMade.objects.create(opportunity=consultation, kind="poem", title="A", description="x")
    change = ChangeMade.objects.create(
        opportunity=consultation, kind="guide", title="A", description="x"
    )
    signup = took_part(consultation)
    ChangeContribution.objects.create(change=change, sign_up=signup)
    with pytest.raises(IntegrityError), transaction.atomic():
        ChangeContribution.objects.create(change=change, sign_up=signup)


def test_the_report_counts_contributions_with_a_recorded_change(manager, consultation):
    linked = [took_part(consultation) for _ in range(3)]
    took_part(consultation)  # took part, nothing recorded yet
    SignUpFactory(opportunity=consultation, status=SignUpStatus.DID_NOT_TAKE_PART)
    for title in ("A guide", "A policy"):  # two changes from the same contributions
        record_change(consultation, linked, by=manager, title=title)
    assert SignUp.objects.contributions().count() == 4
    assert SignUp.objects.with_recorded_change().count() == 3


def test_a_parent_who_left_is_linked_but_not_told(manager, consultation):
    left = took_part(consultation, ParentFactory(status=ParentStatus.LEFT))
    record_change(consultation, [left], by=manager, kind="training", title="Police training")
    assert ChangeContribution.objects.get().told_at is None
    assert not Notification.objects.exists()


def test_erasure_keeps_the_count_without_the_person(manager, consultation):
    jo = took_part(consultation)
    record_change(consultation, [jo], by=manager)
    erase(jo.parent.user, by=manager)
    contribution = ChangeContribution.objects.get()
    assert contribution.told_at is None
    assert SignUp.objects.with_recorded_change().count() == 1


@pytest.mark.parametrize("how_many", [1, 6])
def test_the_parents_list_and_the_staff_pages_keep_their_query_counts(
    client, manager, consultation, how_many
):
    jo = took_part(consultation, ParentFactory(preferred_name="Jo"))
    others = [took_part(consultation) for _ in range(how_many)]
    for n in range(how_many):
        record_change(consultation, [jo, *others], by=manager, title=f"Change {n}")
    sign_in(client, jo.parent.user)
    url = reverse("participation:you_said_we_did")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.content.decode().count("<article") == how_many
    # Session, user, MFA, the parent, the list (changes and opportunities joined), the
    # messages and contact rules of the page's frame, the session save: the same at any size.
    assert len(queries) <= 9
    sign_in(client, manager)
    for url in (
        record_url(consultation),
        reverse("participation_opportunities:inspect", args=[consultation.pk]),
    ):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        # Wagtail's own (session, user, permissions, menus) and ours: the opportunity, its
        # sign-ups with parents, the changes recorded (one query), the audit row.
        assert len(queries) <= 30, url
