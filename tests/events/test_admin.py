"""Staff screens in the Wagtail admin: registrations, travel, venue list, attendance, cancel."""

import csv
import io
from datetime import timedelta
from decimal import Decimal
from uuid import uuid4

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import (
    EventKind,
    EventStatus,
    Feedback,
    Registration,
    RegistrationStatus,
)
from events.services import Needs
from pace_site.accounts.roles import Role
from pace_site.audit.models import AuditEntry
from pace_site.notifications.models import Notification
from participation.models import Parent

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def key() -> str:
    """A fresh form key, as each shown form has (see pace_site.submissions)."""
    return str(uuid4())


QUERIES_REGISTRATIONS = 21  # measured; most are the Wagtail admin shell
QUERIES_EVENT_INDEX = 15  # measured


@pytest.fixture
def manager(users):
    return users[Role.PARTICIPATION_MANAGER]


@pytest.fixture
def staff(signed_in_client, manager):
    return signed_in_client(manager)


def fill(event, count, **needs):
    from tests.factories import make_user

    people = [make_user(Role.PARENT) for _ in range(count)]
    return [services.register(event, user=p, needs=Needs(**needs)) for p in people]


def url(name, *pks):
    return reverse(f"events_events:{name}", args=pks)


@pytest.mark.parametrize(
    "role", [Role.PARENT, Role.BEFRIENDER, Role.EDITOR, Role.BEFRIENDING_COORDINATOR]
)
def test_only_managers_and_administrators_use_the_desk(signed_in_client, user_with_role, role):
    event = EventFactory()
    client = signed_in_client(user_with_role(role))
    for name in ("inspect", "attendance", "venue_list", "cancel"):
        response = client.get(url(name, event.pk))
        if role in (Role.PARENT, Role.BEFRIENDER):
            assert response.status_code == 403
        else:  # Wagtail turns a refusal into a message on the dashboard
            assert response.status_code == 302 and response["Location"] == "/admin/"
    assert (
        signed_in_client(user_with_role(Role.ADMINISTRATOR))
        .get(url("inspect", event.pk))
        .status_code
        == 200
    )


def test_registrations_page_shows_counts_needs_and_waiting_order(staff, manager):
    event = EventFactory(capacity=2)
    regs = fill(event, 4, dietary_needs="Vegan", travel_support_requested=Decimal("12.50"))
    Parent.objects.create(user=regs[0].user, preferred_name="Preferred Pat")
    response = staff.get(url("inspect", event.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Preferred Pat" in page and "Vegan" in page
    assert "(number 1)" in page and "(number 2)" in page
    assert "£50.00" in page  # travel asked in total
    assert AuditEntry.objects.filter(
        object_id=str(event.pk), action="events.registration_list.viewed"
    ).exists()


def test_registrations_page_query_count_is_fixed(staff, django_assert_max_num_queries):
    small, large = EventFactory(capacity=2), EventFactory(capacity=30)
    fill(small, 3, access_needs="Lift")
    fill(large, 60, access_needs="Lift", travel_support_requested=Decimal("5"))
    staff.get(url("inspect", small.pk))  # the audit content type is cached after this
    counts = []
    for event in (small, large):
        # Queries: session, user, groups, MFA check, event with counts, registrations with
        # people and approvers, audit insert, Wagtail admin furniture (menu, sidebar
        # permissions, site settings); session save. The same for 3 or 60 people.
        with django_assert_max_num_queries(QUERIES_REGISTRATIONS) as captured:
            assert staff.get(url("inspect", event.pk)).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_publishing_from_the_desk(staff):
    event = EventFactory(published_at=None)
    response = staff.post(url("publish", event.pk), {"submission_key": key()}, follow=True)
    assert "Published" in response.content.decode()
    event.refresh_from_db()
    assert event.is_published
    invited = Notification.objects.filter(kind="events/invitation").count()
    response = staff.post(
        url("publish", event.pk), {"submission_key": key()}, follow=True
    )  # a second click: done already
    assert "Published" in response.content.decode()
    assert Notification.objects.filter(kind="events/invitation").count() == invited
    assert staff.get(url("publish", event.pk)).status_code == 405


def test_approving_travel(staff, manager, django_capture_on_commit_callbacks):
    event = EventFactory()
    (registration,) = fill(event, 1, travel_support_requested=Decimal("40"))
    for bad in ("-3", "100000", "abc", ""):
        response = staff.post(
            url("approve_travel", event.pk, registration.pk),
            {"submission_key": key(), "amount": bad},
            follow=True,
        )
        assert "not approved" in response.content.decode()
    registration.refresh_from_db()
    assert registration.travel_support_approved is None
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            url("approve_travel", event.pk, registration.pk),
            {"submission_key": key(), "amount": "35.00"},
        )
    registration.refresh_from_db()
    assert registration.travel_support_approved == Decimal("35.00")
    assert registration.travel_approved_by == manager
    assert Notification.objects.filter(kind="events/travel_approved").count() == 1
    assert (
        staff.post(
            url("approve_travel", event.pk, 999999), {"submission_key": key(), "amount": "1"}
        ).status_code
        == 404
    )


def test_venue_list_for_a_residential(staff):
    starts = timezone.now() + timedelta(days=30)
    event = EventFactory(
        kind=EventKind.RESIDENTIAL, starts_at=starts, ends_at=starts + timedelta(days=2), capacity=3
    )
    first = timezone.localtime(starts).date()
    two_nights = {"arrival_on": first, "departure_on": first + timedelta(days=2)}
    fill(event, 1, dietary_needs="=HYPERLINK(evil)", room_preference="own_room", **two_nights)
    fill(event, 1, access_needs="Ground floor", room_preference="happy_to_share", **two_nights)
    fill(
        event,
        1,
        room_preference="share_with",
        room_notes="Jo",
        arrival_on=first,
        departure_on=first + timedelta(days=1),
    )
    fill(event, 1, room_preference="own_room", **two_nights)  # waiting list
    response = staff.get(url("venue_list", event.pk))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    flat = {tuple(r) for r in rows}
    assert ("People coming", "3") in flat
    assert ("On the waiting list", "1") in flat
    assert ("With food or drink needs", "1") in flat
    assert ("With access needs", "1") in flat
    assert any(r[0].startswith("Staying the night of") and r[1] == "3" for r in rows if r)
    assert any(r[0].startswith("Staying the night of") and r[1] == "2" for r in rows if r)
    assert any(len(r) > 1 and r[1] == "'=HYPERLINK(evil)" for r in rows)  # not a formula
    assert "Room plan" in {r[0] for r in rows if r}
    assert any(len(r) > 2 and r[1] == "share with someone I name" and r[2] == "Jo" for r in rows)
    assert AuditEntry.objects.filter(
        action="events.registration_list.exported", object_id=str(event.pk)
    ).exists()


def test_attendance_on_the_day(staff):
    event = EventFactory(capacity=2)
    here, away, waiting = fill(event, 3)
    other = fill(EventFactory(), 1)[0]
    page = staff.get(url("attendance", event.pk)).content.decode()
    assert "0 of 2" in page
    staff.post(
        url("attendance", event.pk),
        {"submission_key": key(), "registration": here.pk, "attended": "yes"},
    )
    staff.post(
        url("attendance", event.pk),
        {"submission_key": key(), "registration": away.pk, "attended": "no"},
    )
    for bad in (
        {"registration": waiting.pk, "attended": "yes"},
        {"registration": other.pk},
        {"registration": "abc"},
        {},
    ):
        staff.post(url("attendance", event.pk), {**bad, "submission_key": key()})
    statuses = {r.pk: r.status for r in Registration.objects.all()}
    assert statuses[here.pk] == RegistrationStatus.ATTENDED
    assert statuses[away.pk] == RegistrationStatus.DID_NOT_ATTEND
    assert statuses[waiting.pk] == RegistrationStatus.WAITLISTED
    assert statuses[other.pk] == RegistrationStatus.CONFIRMED
    assert "1 of 2" in staff.get(url("attendance", event.pk)).content.decode()


def test_cancelling_an_event_from_the_desk(staff, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    fill(event, 2)
    assert (
        "1 with a place and 1 on the waiting list"
        in staff.get(url("cancel", event.pk)).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(url("cancel", event.pk), {"submission_key": key()}, follow=True)
    assert "Everyone registered has been told" in response.content.decode()
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert Notification.objects.filter(kind="events/event_cancelled").count() == 2
    response = staff.post(
        url("cancel", event.pk), {"submission_key": key()}, follow=True
    )  # a second click: done already
    assert "Everyone registered has been told" in response.content.decode()
    assert Notification.objects.filter(kind="events/event_cancelled").count() == 2


def test_feedback_is_shown_in_aggregate(staff):
    starts = timezone.now() - timedelta(days=2)
    event = EventFactory(
        starts_at=starts,
        ends_at=starts + timedelta(hours=5),
        registration_opens_at=starts - timedelta(days=10),
        registration_closes_at=starts - timedelta(days=1),
    )
    from tests.factories import make_user

    for answers in [
        ("yes", "yes", "no", "More tea"),
        ("yes", "a_little", "yes", ""),
        ("no", "yes", "yes", ""),
        ("yes", "yes", "yes", ""),
    ]:
        registration = Registration.objects.create(
            event=event, user=make_user(Role.PARENT), status="attended"
        )
        Feedback.objects.create(
            registration=registration,
            felt_less_alone=answers[0],
            met_someone_who_understands=answers[1],
            more_confident=answers[2],
            anything_to_change=answers[3],
        )
    page = staff.get(url("inspect", event.pk)).content.decode()
    assert "Feedback (4 answers)" in page
    assert "3 (75%)" in page and "More tea" in page


def test_event_list_and_forms_in_the_admin(staff):
    EventFactory.create_batch(3)
    assert staff.get("/admin/events/events/").status_code == 200
    assert staff.get("/admin/events/events/new/").status_code == 200
    event = EventFactory()
    assert staff.get(f"/admin/events/events/edit/{event.pk}/").status_code == 200


def test_editing_raises_the_sequence_and_fills_new_places(manager):
    event = EventFactory(capacity=1)
    regs = fill(event, 2)
    event.capacity = 2
    event.save()
    services.update_event(event, by=manager, changed=["capacity"])
    event.refresh_from_db()
    assert event.sequence == 1
    assert Registration.objects.get(pk=regs[1].pk).status == RegistrationStatus.CONFIRMED


def _event_form(event=None, **changes):
    starts = timezone.localtime(timezone.now() + timedelta(days=20)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    data = {
        "kind": "network_day",
        "title": "Parent Network Day, Sheffield",
        "description": "A day together.",
        "audience": "parents",
        "region": "Sheffield",
        "starts_at": f"{starts:%Y-%m-%d %H:%M}",
        "ends_at": f"{starts + timedelta(hours=5):%Y-%m-%d %H:%M}",
        "registration_opens_at": f"{starts - timedelta(days=30):%Y-%m-%d %H:%M}",
        "registration_closes_at": f"{starts - timedelta(days=2):%Y-%m-%d %H:%M}",
        "capacity": "20",
        "travel_support_offered": "on",
        "venue_name": "Sheffield Hall",
        "venue_address": "2 Example Road",
        "agenda_items-TOTAL_FORMS": "1",
        "agenda_items-INITIAL_FORMS": "0",
        "agenda_items-MIN_NUM_FORMS": "0",
        "agenda_items-MAX_NUM_FORMS": "1000",
        "agenda_items-0-starts_at": "10:00",
        "agenda_items-0-title": "Arrive",
        "agenda_items-0-day": "1",
        "agenda_items-0-ORDER": "1",
        "agenda_items-0-id": "",
        "agenda_items-0-DELETE": "",
    }
    data.update(changes)
    return data


def test_creating_an_event_in_the_admin(staff):
    response = staff.post("/admin/events/events/new/", {**_event_form(), "submission_key": key()})
    assert response.status_code == 302, response.content.decode()[:2000]
    from events.models import Event

    event = Event.objects.get(title="Parent Network Day, Sheffield")
    assert event.agenda_items.get().title == "Arrive"
    assert not event.is_published  # published separately, which sends the invitations
    assert AuditEntry.objects.for_object(event).filter(action="events.event.created").exists()


def test_deleting_an_event_is_audited(signed_in_client, users):
    from events.models import Event

    admin = users[Role.ADMINISTRATOR]
    event = EventFactory(published_at=None)
    client = signed_in_client(admin)
    response = client.post(f"/admin/events/events/delete/{event.pk}/")
    assert response.status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()
    entry = AuditEntry.objects.get(action="events.event.deleted")
    assert entry.user == admin and entry.object_id == str(event.pk)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_at": "2020-01-01 10:00"}, "must end after it starts"),
        ({"capacity": "0"}, "greater than or equal to 1"),
        ({"capacity": "lots"}, "Enter a whole number"),
        ({"registration_closes_at": "2099-01-01 10:00"}, "close by the end"),
        ({"starts_at": "31/02/2027"}, "Enter a valid date"),
        ({"title": "x" * 300}, "at most 150 characters"),
        ({"title": ""}, "This field is required"),
    ],
)
def test_bad_event_input_in_the_admin(staff, changes, message):
    from events.models import Event

    response = staff.post(
        "/admin/events/events/new/", {**_event_form(**changes), "submission_key": key()}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Event.objects.exists()


def test_editing_in_the_admin_raises_the_sequence_and_keeps_enough_places(staff):
    event = EventFactory(capacity=1, title="Parent Network Day, Sheffield")
    regs = fill(event, 2)
    url = f"/admin/events/events/edit/{event.pk}/"
    response = staff.post(
        url,
        {
            **_event_form(capacity="2", title="Network Day, Sheffield (moved)"),
            "submission_key": key(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event.refresh_from_db()
    assert event.sequence == 1 and event.capacity == 2
    assert Registration.objects.get(pk=regs[1].pk).status == RegistrationStatus.CONFIRMED
    fill(event, 1)  # now on the waiting list
    response = staff.post(url, {**_event_form(capacity="1"), "submission_key": key()})
    assert "2 people already have a place" in response.content.decode()
    event.refresh_from_db()
    assert event.capacity == 2 and event.sequence == 1


def test_moving_an_event_tells_everyone_booked_or_waiting(manager):
    event = EventFactory(capacity=1)
    regs = fill(event, 2)
    services.update_event(event, by=manager, changed=["description"])
    assert not Notification.objects.filter(kind="events/event_changed").exists()
    services.update_event(event, by=manager, changed=["starts_at", "venue_name"])
    told = Notification.objects.filter(kind="events/event_changed")
    assert {n.recipient for n in told} == {r.user for r in regs}
    assert {n.category for n in told} == {"logistics"}


def test_admin_event_list_query_count_is_fixed(staff, django_assert_max_num_queries):
    """The staff event list with counts: the same number of queries for 5 or 1,000 events."""
    counts = []
    for total in (5, 1000):
        EventFactory.create_batch(total - (counts and 5 or 0))
        staff.get("/admin/events/events/")  # warm the per-process Wagtail caches
        # Queries: session, user, groups, MFA, events page with confirmed/waiting counts
        # (count + rows), filters' choices, Wagtail admin furniture; session save.
        with django_assert_max_num_queries(QUERIES_EVENT_INDEX) as captured:
            assert staff.get("/admin/events/events/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_saving_the_form_unchanged_tells_nobody(staff):
    event = EventFactory(venue_name="Sheffield Hall", venue_address="2 Example Road")
    fill(event, 1)
    data = _event_form(
        title=event.title,
        region=event.region,
        description=event.description,
        starts_at=f"{timezone.localtime(event.starts_at):%Y-%m-%d %H:%M}",
        ends_at=f"{timezone.localtime(event.ends_at):%Y-%m-%d %H:%M}",
        registration_opens_at=f"{timezone.localtime(event.registration_opens_at):%Y-%m-%d %H:%M}",
        registration_closes_at=f"{timezone.localtime(event.registration_closes_at):%Y-%m-%d %H:%M}",
        capacity=str(event.capacity),
    )
    response = staff.post(
        f"/admin/events/events/edit/{event.pk}/", {**data, "submission_key": key()}
    )
    assert response.status_code == 302
    assert not Notification.objects.filter(kind="events/event_changed").exists()
    data["starts_at"] = f"{timezone.localtime(event.starts_at) + timedelta(hours=1):%Y-%m-%d %H:%M}"
    data["ends_at"] = f"{timezone.localtime(event.ends_at) + timedelta(hours=1):%Y-%m-%d %H:%M}"
    staff.post(f"/admin/events/events/edit/{event.pk}/", {**data, "submission_key": key()})
    assert Notification.objects.filter(kind="events/event_changed").count() == 1


def test_an_events_history_tab_shows_its_audit_trail_to_administrators_only(
    signed_in_client, users
):
    event = EventFactory(published_at=None)
    services.publish_event(event, by=users[Role.PARTICIPATION_MANAGER])
    url = f"/admin/events/events/history/{event.pk}/"

    page = signed_in_client(users[Role.ADMINISTRATOR]).get(url).content.decode()
    assert "Audit trail for this record" in page and "Event published" in page

    page = signed_in_client(users[Role.PARTICIPATION_MANAGER]).get(url).content.decode()
    assert "History" in page and "Audit trail for this record" not in page
