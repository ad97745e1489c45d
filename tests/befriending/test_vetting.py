"""The coordinator moves volunteers through vetting and records DBS, training and supervision."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from befriending.models import Befriender, add_months
from pace_site.audit.models import AuditEntry

from .factories import BefrienderFactory, keyed

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(signed_in_client, users):
    return signed_in_client(users["Befriending coordinator"])


def _post(client, befriender, action, data, follow=False):
    url = reverse(f"befriending_volunteers:{action}", args=[befriender.pk])
    return client.post(url, keyed(data), follow=follow)


def test_a_volunteer_moves_through_every_stage_in_order(coordinator_client):
    befriender = BefrienderFactory(status="applied")
    today = timezone.localdate().isoformat()
    for to in ["interviewed", "references_received"]:
        assert _post(coordinator_client, befriender, "move", {"to": to}).status_code == 302
    # DBS checked needs the certificate first.
    response = _post(coordinator_client, befriender, "move", {"to": "dbs_checked"})
    assert response.status_code == 400
    assert "Record the DBS certificate first" in response.content.decode()
    response = _post(
        coordinator_client, befriender, "dbs", {"certificate_number": "12345", "issued_on": today}
    )
    assert "12 digits" in response.content.decode()
    _post(
        coordinator_client,
        befriender,
        "dbs",
        {"certificate_number": "001122334455", "issued_on": today},
    )
    _post(coordinator_client, befriender, "move", {"to": "dbs_checked"})
    _post(coordinator_client, befriender, "move", {"to": "trained"})
    response = _post(coordinator_client, befriender, "move", {"to": "active"})
    assert "Record the training" in response.content.decode()
    _post(
        coordinator_client, befriender, "training", {"module": "induction", "completed_on": today}
    )
    _post(coordinator_client, befriender, "move", {"to": "active"})
    befriender.refresh_from_db()
    assert befriender.status == "active"
    assert befriender.dbs_renewal_due_on == add_months(timezone.localdate(), 36)
    assert (
        AuditEntry.objects.for_object(befriender)
        .filter(action__startswith="befriending.befriender.")
        .count()
        >= 7
    )


def test_a_stage_cannot_be_skipped(coordinator_client):
    befriender = BefrienderFactory(status="applied")
    response = _post(coordinator_client, befriender, "move", {"to": "active"})
    assert response.status_code == 400
    assert "cannot go from applied to active" in response.content.decode()
    befriender.refresh_from_db()
    assert befriender.status == "applied"


def test_not_taken_forward_needs_a_private_reason_which_is_encrypted(coordinator_client):
    befriender = BefrienderFactory(status="interviewed")
    response = _post(coordinator_client, befriender, "move", {"to": "not_taken_forward"})
    assert "private reason" in response.content.decode()
    _post(
        coordinator_client,
        befriender,
        "move",
        {"to": "not_taken_forward", "reason": "Unsuitable reference"},
    )
    befriender.refresh_from_db()
    assert befriender.status == "not_taken_forward"
    assert (
        Befriender.objects.filter(pk=befriender.pk).values_list(
            "not_taken_forward_reason", flat=True
        )[0]
        == "Unsuitable reference"
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT not_taken_forward_reason FROM befriending_befriender WHERE id=%s",
            [befriender.pk],
        )
        assert "Unsuitable" not in cursor.fetchone()[0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"held_on": "2026-13-01"}, "Enter a real date"),
        ({"held_on": "future"}, "That date is in the future"),
        ({"held_on": "2026-01-10", "notes": "x" * 4001}, "at most 4000 characters"),
    ],
)
def test_bad_supervision_input_changes_nothing(coordinator_client, data, message):
    befriender = BefrienderFactory()
    if data["held_on"] == "future":
        data = {"held_on": (timezone.localdate() + timedelta(days=2)).isoformat()}
    response = _post(coordinator_client, befriender, "supervision", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not befriender.supervision_sessions.exists()


def test_capacity_is_between_one_and_five(coordinator_client):
    befriender = BefrienderFactory()
    response = _post(coordinator_client, befriender, "capacity", {"max_active_matches": "9"})
    assert response.status_code == 400
    _post(coordinator_client, befriender, "capacity", {"max_active_matches": "2"})
    befriender.refresh_from_db()
    assert befriender.max_active_matches == 2


def test_the_coordinator_runs_a_match_from_referral_to_ending(coordinator_client, users):
    from befriending.models import Match
    from tests.factories import ParentFactory

    parent = ParentFactory(region="Leeds")
    volunteer = BefrienderFactory(name="Val Helper", region="Leeds")
    response = coordinator_client.post(
        reverse("befriending_referrals:refer"),
        keyed(
            {
                "parent": parent.pk,
                "hopes": "Someone to talk to",
                "preferred_gender": "any",
                "region": "Leeds",
                "availability": ["mon_morning"],
            }
        ),
    )
    referral = parent.befriending_referrals.get()
    assert response["Location"] == reverse("befriending_referrals:inspect", args=[referral.pk])
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "Val Helper" in page and "Same region (Leeds)" in page
    response = coordinator_client.post(
        reverse("befriending_referrals:propose", args=[referral.pk]),
        keyed({"befriender": volunteer.pk}),
    )
    match = Match.objects.get()
    assert response["Location"] == reverse("befriending_matches:inspect", args=[match.pk])
    # A second click on "Propose" changes nothing.
    response = coordinator_client.post(
        reverse("befriending_referrals:propose", args=[referral.pk]),
        keyed({"befriender": volunteer.pk}),
        follow=True,
    )
    assert "no longer waiting" in response.content.decode()
    assert Match.objects.count() == 1

    today = timezone.localdate()
    match_url = lambda action: reverse(f"befriending_matches:{action}", args=[match.pk])  # noqa: E731
    coordinator_client.post(match_url("introduce"), keyed({"introduction_on": today.isoformat()}))
    response = coordinator_client.post(
        match_url("start"),
        keyed(
            {
                "started_on": today.isoformat(),
                "planned_end_on": (today + timedelta(days=150)).isoformat(),
                "how_often": "Weekly",
                "contact_method": "meeting",
            }
        ),
    )
    assert response.status_code == 400
    assert "at least 6 months" in response.content.decode()
    match.refresh_from_db()
    assert match.status == "introduced"
    from befriending.models import add_months

    coordinator_client.post(
        match_url("start"),
        keyed(
            {
                "started_on": today.isoformat(),
                "planned_end_on": add_months(today, 9).isoformat(),
                "how_often": "Weekly",
                "contact_method": "meeting",
            }
        ),
    )
    match.refresh_from_db()
    assert match.status == "active" and match.reviews.count() == 3
    response = coordinator_client.post(
        match_url("change_end"), keyed({"planned_end_on": add_months(today, 19).isoformat()})
    )
    assert response.status_code == 400 and "at most 18 months" in response.content.decode()
    coordinator_client.post(
        match_url("end"),
        keyed({"ended_on": today.isoformat(), "reason": "volunteer", "summary": ""}),
    )
    match.refresh_from_db()
    assert match.status == "ended"
    referral.refresh_from_db()
    assert referral.status == "closed"
