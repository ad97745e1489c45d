"""Destructive actions look destructive and ask first; moving a volunteer on chooses nothing for
the coordinator (issue 14, item 7)."""

import pytest
from django.urls import reverse

from befriending.models import BefrienderStatus, MatchStatus
from pace_site.accounts.roles import Role
from tests.factories import make_user

from .factories import BefrienderFactory, make_active_match

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(signed_in_client):
    return signed_in_client(make_user(Role.BEFRIENDING_COORDINATOR))


def text(response) -> str:
    return response.content.decode()


def test_ending_a_match_asks_on_its_own_page_with_a_serious_button(coordinator):
    match = make_active_match()
    page = text(coordinator.get(reverse("befriending_matches:inspect", args=[match.pk])))
    end_url = reverse("befriending_matches:end", args=[match.pk])
    assert f'<a class="button no" href="{end_url}">End match</a>' in page
    assert f'action="{end_url}"' not in page  # no one-click ending on the record page
    confirm = text(coordinator.get(end_url))
    assert "End the match?" in confirm and "cannot be undone" in confirm
    assert '<button type="submit" class="button no">Yes, end the match</button>' in confirm
    match.refresh_from_db()
    assert match.status == MatchStatus.ACTIVE


@pytest.mark.parametrize(
    ("status", "selected"),
    [(BefrienderStatus.ACTIVE, None), (BefrienderStatus.APPLIED, "interviewed")],
)
def test_move_to_preselects_only_the_next_vetting_step(coordinator, status, selected):
    befriender = BefrienderFactory(status=status)
    page = text(coordinator.get(reverse("befriending_volunteers:inspect", args=[befriender.pk])))
    chosen = [
        v
        for v in ("paused", "left", "interviewed", "not_taken_forward")
        if f'value="{v}" selected' in page
    ]
    assert chosen == ([selected] if selected else [])
    assert "Choose where to move them" in page


def test_moving_without_choosing_is_refused_and_changes_nothing(coordinator):
    befriender = BefrienderFactory(status=BefrienderStatus.ACTIVE)
    url = reverse("befriending_volunteers:move", args=[befriender.pk])
    from tests.befriending.factories import keyed

    response = coordinator.post(url, keyed({"to": "", "reason": ""}), follow=True)
    assert "Choose where to move them." in text(response)
    befriender.refresh_from_db()
    assert befriender.status == BefrienderStatus.ACTIVE


@pytest.mark.parametrize(
    ("number", "shown"),
    [("", "Issued 17 Mar 2025"), ("001234567890", "001234567890, issued 17 Mar 2025")],
)
def test_a_dbs_check_without_its_number_reads_as_a_sentence(coordinator, number, shown):
    from datetime import date

    befriender = BefrienderFactory(
        status=BefrienderStatus.ACTIVE,
        dbs_certificate_number=number,
        dbs_issued_on=date(2025, 3, 17),
    )
    page = text(coordinator.get(reverse("befriending_volunteers:inspect", args=[befriender.pk])))
    assert f"<td>{shown}, renewal due" in page
    assert "<td>, issued" not in page
