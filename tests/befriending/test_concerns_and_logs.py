"""Contact logs and concerns from the befriender's portal; a concern reaches every coordinator at
once, whatever their quiet hours; sensitive text is encrypted at rest and its views audited."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from befriending.models import Concern, ContactLog
from pace_site.audit.models import AuditEntry
from pace_site.notifications.models import ContactRules, Notification
from pace_site.notifications.services import deliver
from tests.factories import make_user

from .factories import keyed, make_active_match

pytestmark = pytest.mark.django_db

LOG_URL = reverse("befriending:log_contact")
CONCERN_URL = reverse("befriending:raise_concern")


@pytest.fixture
def match():
    return make_active_match()


@pytest.fixture
def befriender_client(signed_in_client, match):
    return signed_in_client(match.befriender.user)


def quiet_now(user):
    """Quiet hours from an hour ago to an hour from now, whatever the time of day."""
    now = timezone.localtime()
    ContactRules.objects.create(
        user=user,
        quiet_hours_start=(now - timedelta(hours=1)).time().replace(second=0, microsecond=0),
        quiet_hours_end=(now + timedelta(hours=1)).time().replace(second=0, microsecond=0),
        discreet_mode=False,
    )


def test_a_concern_notifies_every_coordinator_at_once_despite_quiet_hours(
    befriender_client, match, django_capture_on_commit_callbacks, mailoutbox
):
    coordinators = [make_user("Befriending coordinator") for _ in range(2)]
    for coordinator in coordinators:
        quiet_now(coordinator)
    make_user("Participation manager")
    secret = "He was waiting outside the school again"

    with django_capture_on_commit_callbacks(execute=True):
        response = befriender_client.post(CONCERN_URL, keyed({"urgency": "now", "details": secret}))
    assert response.status_code == 302
    assert response["Location"] == reverse("befriending:concern_sent")

    concern = Concern.objects.get()
    assert (concern.befriender, concern.match, concern.urgency) == (match.befriender, match, "now")
    rows = Notification.objects.filter(kind="befriending/concern_raised")
    assert {row.recipient for row in rows} == set(coordinators)
    now = timezone.now()
    for row in rows:
        assert row.urgent and row.category == "alert"
        assert row.status == "pending" and row.due_at <= now and row.queued_at is not None
        assert deliver(row.pk) == "sent"
    assert sorted(m.to[0] for m in mailoutbox) == sorted(c.email for c in coordinators)
    assert all(secret not in m.body and secret not in m.subject for m in mailoutbox)
    assert "someone may be at risk now" in mailoutbox[0].subject


def test_concern_details_are_encrypted_at_rest(befriender_client):
    befriender_client.post(CONCERN_URL, keyed({"urgency": "today", "details": "Plain words here"}))
    with connection.cursor() as cursor:
        cursor.execute("SELECT details FROM befriending_concern")
        (stored,) = cursor.fetchone()
    assert "Plain words" not in stored
    assert Concern.objects.get().details == "Plain words here"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"urgency": "now", "details": "   "}, "Please tell us what worries you"),
        ({"urgency": "whenever", "details": "x"}, "Select a valid choice"),
        ({"details": "x"}, "This field is required"),
        ({"urgency": "soon", "details": "x" * 4001}, "at most 4000 characters"),
    ],
)
def test_a_bad_concern_is_refused_clearly_and_nothing_is_saved(befriender_client, data, message):
    response = befriender_client.post(CONCERN_URL, keyed(data))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Concern.objects.exists()
    assert not Notification.objects.exists()


def test_without_a_current_or_recent_match_the_volunteer_is_asked_to_ring(signed_in_client):
    from .factories import BefrienderFactory

    befriender = BefrienderFactory()
    client = signed_in_client(befriender.user)
    response = client.post(CONCERN_URL, keyed({"urgency": "soon", "details": "About my training."}))
    assert response.status_code == 403
    assert "Please ring us instead" in response.content.decode()
    assert not Concern.objects.exists()


def test_html_in_a_concern_is_shown_as_text(befriender_client, signed_in_client, users):
    befriender_client.post(
        CONCERN_URL, keyed({"urgency": "soon", "details": "<script>alert(1)</script>"})
    )
    concern = Concern.objects.get()
    coordinator = signed_in_client(users["Befriending coordinator"])
    page = coordinator.get(
        reverse("befriending_concerns:inspect", args=[concern.pk])
    ).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_logging_a_contact(befriender_client, match):
    today = timezone.localdate()
    response = befriender_client.post(
        LOG_URL,
        keyed(
            {
                "happened_on": today.isoformat(),
                "duration_minutes": "45",
                "method": "phone",
                "parent_mood": "okay",
                "notes": "We talked about her week.",
            }
        ),
    )
    assert response.status_code == 302
    log = ContactLog.objects.get()
    assert (log.match, log.duration_minutes, log.notes) == (match, 45, "We talked about her week.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM befriending_contactlog")
        assert "her week" not in cursor.fetchone()[0]


def test_saying_you_are_worried_leads_to_raising_a_concern(befriender_client):
    response = befriender_client.post(
        LOG_URL,
        keyed(
            {
                "happened_on": timezone.localdate().isoformat(),
                "duration_minutes": "30",
                "method": "meeting",
                "parent_mood": "worried",
            }
        ),
    )
    log = ContactLog.objects.get()
    assert response["Location"] == f"{CONCERN_URL}?contact={log.pk}"
    befriender_client.post(
        f"{CONCERN_URL}?contact={log.pk}",
        keyed({"urgency": "today", "details": "She seemed frightened.", "contact": log.pk}),
    )
    assert Concern.objects.get().contact_log == log


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"happened_on": "2026-02-30"}, "Enter a real date"),
        ({"happened_on": "tomorrow"}, "Enter a real date"),
        ({"future": True}, "That date is in the future"),
        ({"before_start": True}, "before your match started"),
        ({"duration_minutes": "0"}, "greater than or equal to 1"),
        ({"duration_minutes": "9999"}, "less than or equal to 720"),
        ({"duration_minutes": "an hour"}, "Enter a whole number"),
        ({"method": "pigeon"}, "Select a valid choice"),
        ({"notes": "x" * 1001}, "at most 1000 characters"),
    ],
)
def test_a_bad_contact_log_is_refused_clearly(befriender_client, match, change, message):
    data = {
        "happened_on": timezone.localdate().isoformat(),
        "duration_minutes": "30",
        "method": "phone",
        "parent_mood": "okay",
    }
    if change.pop("future", False):
        data["happened_on"] = (timezone.localdate() + timedelta(days=1)).isoformat()
    if change.pop("before_start", False):
        data["happened_on"] = (match.started_on - timedelta(days=1)).isoformat()
    data.update(change)
    response = befriender_client.post(LOG_URL, keyed(data))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ContactLog.objects.exists()


def test_reading_contact_logs_and_concerns_is_audited(
    befriender_client, match, signed_in_client, users
):
    befriender_client.post(
        LOG_URL,
        keyed(
            {
                "happened_on": timezone.localdate().isoformat(),
                "duration_minutes": "30",
                "method": "phone",
                "parent_mood": "okay",
                "notes": "Private words",
            }
        ),
    )
    log = ContactLog.objects.get()
    befriender_client.get(reverse("befriending:contact_detail", args=[log.pk]))
    assert (
        AuditEntry.objects.for_object(log)
        .filter(action="befriending.contact_log.viewed", user=match.befriender.user)
        .exists()
    )

    befriender_client.post(CONCERN_URL, keyed({"urgency": "soon", "details": "Private worry"}))
    concern = Concern.objects.get()
    coordinator = users["Befriending coordinator"]
    client = signed_in_client(coordinator)
    client.get(reverse("befriending_contact_logs:inspect", args=[log.pk]))
    client.get(reverse("befriending_concerns:inspect", args=[concern.pk]))
    client.get(reverse("befriending_matches:inspect", args=[match.pk]))
    assert (
        AuditEntry.objects.for_object(log)
        .filter(action="befriending.contact_log.viewed", user=coordinator)
        .exists()
    )
    assert (
        AuditEntry.objects.for_object(concern)
        .filter(action="befriending.concern.viewed", user=coordinator)
        .exists()
    )
    assert (
        AuditEntry.objects.for_object(match)
        .filter(action="befriending.match.viewed", user=coordinator)
        .exists()
    )
    trail = " ".join(str(e.data) + e.object_repr for e in AuditEntry.objects.all())
    assert "Private" not in trail


def test_coordinator_handles_a_concern_to_a_recorded_outcome(
    befriender_client, signed_in_client, users
):
    befriender_client.post(CONCERN_URL, keyed({"urgency": "today", "details": "Worry"}))
    concern = Concern.objects.get()
    client = signed_in_client(users["Befriending coordinator"])
    client.post(reverse("befriending_concerns:take_in_hand", args=[concern.pk]), keyed({}))
    concern.refresh_from_db()
    assert concern.status == "in_hand"
    response = client.post(
        reverse("befriending_concerns:close", args=[concern.pk]), keyed({"outcome": " "})
    )
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    client.post(
        reverse("befriending_concerns:close", args=[concern.pk]),
        keyed({"outcome": "Spoke with the police."}),
    )
    concern.refresh_from_db()
    assert (concern.status, concern.outcome) == ("closed", "Spoke with the police.")
    # A second click changes nothing and says why.
    response = client.post(
        reverse("befriending_concerns:close", args=[concern.pk]),
        keyed({"outcome": "Again"}),
        follow=True,
    )
    assert "already closed" in response.content.decode()
    assert response.redirect_chain
    concern.refresh_from_db()
    assert concern.outcome == "Spoke with the police."


def test_the_same_form_sent_twice_is_saved_once(befriender_client, users):
    import re

    page = befriender_client.get(LOG_URL).content.decode()
    key = re.search(r'name="submission_key" value="([0-9a-f-]+)"', page).group(1)
    data = {
        "happened_on": timezone.localdate().isoformat(),
        "duration_minutes": "30",
        "method": "phone",
        "parent_mood": "okay",
        "submission_key": key,
    }
    first = befriender_client.post(LOG_URL, data)
    response = befriender_client.post(LOG_URL, data, follow=True)
    # The same answer as the first time.
    assert response.redirect_chain == [(first["Location"], 302)]
    assert "Thank you. Your contact is logged." in response.content.decode()
    assert ContactLog.objects.count() == 1

    page = befriender_client.get(CONCERN_URL).content.decode()
    key = re.search(r'name="submission_key" value="([0-9a-f-]+)"', page).group(1)
    data = {"urgency": "now", "details": "Worry", "submission_key": key}
    first = befriender_client.post(CONCERN_URL, data)
    response = befriender_client.post(CONCERN_URL, data, follow=True)
    assert response.redirect_chain == [(first["Location"], 302)]
    assert Concern.objects.count() == 1
    assert Notification.objects.filter(kind="befriending/concern_raised").count() == 1


@pytest.mark.parametrize(
    "url_name", ["my_match", "log_contact", "raise_concern", "my_record", "past_matches"]
)
def test_every_befriending_page_offers_999_the_helpline_and_a_concern(befriender_client, url_name):
    """The safety box each befriending page promises (not the site footer, which also has the
    helpline): 999 and the helpline as numbers a phone can ring, and "Raise a concern"."""
    html = befriender_client.get(reverse(f"befriending:{url_name}")).content.decode()
    assert '<aside class="safety"' in html
    box = html.split('<aside class="safety"', 1)[1].split("</aside>", 1)[0]
    assert '<a href="tel:999">999</a>' in box
    assert '<a href="tel:01132403040">0113 240 3040</a>' in box
    assert f'href="{CONCERN_URL}"' in box
